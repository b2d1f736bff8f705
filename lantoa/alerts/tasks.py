"""Alerts task: every minute, evaluate the rules on the items stored since the last tick and deliver.

An item stored now is therefore evaluated within a minute or two (one tick), well inside the 5-minute promise.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lantoa.alerts.services import do_run_tick


@db_periodic_task(crontab(minute="*"))
@lock_task("alerts-evaluate")
def evaluate_alerts() -> dict[str, int]:
    # The lock: a slow tick (a backlog after downtime, a slow SMTP server) and the next one never run together.
    result = do_run_tick()
    sent = result.delivery
    return {
        "items": result.items,
        "matches": result.matches,
        "notifications": result.notifications,
        "spikes": result.spikes,
        "rechecked": result.rechecked,
        "emails": sent.emails if sent else 0,
        "webhooks": sent.webhooks if sent else 0,
        "failed": sent.failed if sent else 0,
    }
