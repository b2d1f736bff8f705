"""Legal deadlines counted as Vietnamese law counts them, and working days.

Reading (see doc/legal.md): a period of N days runs from the day after the event (Civil Code 2015, art. 147(1)) and
counts every calendar day — weekends and holidays do not stop it; only when its last day is a weekend day or a
public holiday does it end at the end of the next working day (art. 148(5)). So "30 days from receipt" of a press
request received on Friday 06/03/2026 ends on Sunday 05/04/2026 → Monday 06/04/2026.

Days off: Saturdays, Sundays and the public holidays of ``data/holidays.json`` (Labour Code 2019 art. 112 and the
government's yearly notices — to be checked each year) plus ``LANTOA_EXTRA_HOLIDAYS``; Saturdays the government
declares working days (to make up for a bridge day) are working days.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "holidays.json"


@cache
def _calendar() -> tuple[frozenset[date], frozenset[date]]:
    from django.conf import settings

    raw = json.loads(DATA.read_text(encoding="utf-8"))
    days_off = {date.fromisoformat(day) for day in raw["days_off"]}
    days_off |= {date.fromisoformat(day) for day in getattr(settings, "EXTRA_HOLIDAYS", [])}
    working = frozenset(date.fromisoformat(day) for day in raw.get("working_saturdays", []))
    return frozenset(days_off), working


def is_working_day(day: date) -> bool:
    days_off, working_saturdays = _calendar()
    if day in working_saturdays:
        return True
    return day.weekday() < 5 and day not in days_off


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def legal_deadline(start: date, days: int) -> date:
    """The last day of a period of ``days`` days that starts with the event on ``start`` (arts. 147–148)."""
    return next_working_day(start + timedelta(days=days))


def add_working_days(start: date, days: int) -> date:
    """For internal deadlines set in working days ("5 ngày làm việc"): the ``days``-th working day after ``start``."""
    day = start
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1))
    return day
