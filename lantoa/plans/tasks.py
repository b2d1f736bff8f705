"""Daily reminders of overdue plan occurrences, at 08:00 local time (huey reads crontabs in local time, D15), and
the first load of the shipped plan."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.plans import reminders


@db_periodic_task(crontab(minute="0", hour="8"))
def remind_late() -> None:
    reminders.send_reminders(None)


@db_task()
def load_shipped_plan(path: str) -> None:
    """``lantoa up`` asks for this on a first run: ~9,000 task occurrences take seconds, which the web server
    should not wait for (healthz within seconds of start)."""
    from django.core.management import call_command

    from lantoa.plans.models import Plan

    if not Plan.objects.exists():
        call_command("loadplan", path, verbosity=0)
