"""Daily reminders of overdue plan occurrences, at 08:00 local time (huey reads crontabs in local time, D15)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lantoa.plans import reminders


@db_periodic_task(crontab(minute="0", hour="8"))
def remind_late() -> None:
    reminders.send_reminders(None)
