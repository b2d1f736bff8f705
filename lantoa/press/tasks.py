"""Daily press-request reminders and escalation, at PRESS_REMINDERS_AT (default 07:30, local time)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lantoa.press import reminders

# (hour, minute); read with a default because settings.py does not define it (LANTOA_PRESS_REMINDERS_AT would).
REMINDERS_AT: tuple[int, int] = tuple(getattr(settings, "PRESS_REMINDERS_AT", (7, 30)))


# huey reads crontabs in local time (HUEY["utc"] = False, doc/decisions.md D15): 07:30 in Thái Nguyên, at the
# start of the working day, after the 06:30 digest.
@db_periodic_task(crontab(minute=str(REMINDERS_AT[1]), hour=str(REMINDERS_AT[0])))
def daily_press_reminders() -> None:
    reminders.send_reminders()
