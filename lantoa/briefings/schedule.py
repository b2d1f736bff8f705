"""Decree 09/2017 art. 5: the provincial People's Committee holds a press conference at least once every 3 months.
Each quarter of a year is "held" (at least one press conference of the provincial People's Committee held in it),
"due" (the current quarter, none held yet), "overdue" (ended with none) or "upcoming". Quarters are calendar
quarters in local time (Asia/Ho_Chi_Minh): a conference at 00:30 on 1 April local time belongs to Q2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from lantoa.briefings.models import Briefing, BriefingKind, BriefingStatus
from lantoa.org.models import OrganisationKind

HELD, DUE, OVERDUE, UPCOMING = "held", "due", "overdue", "upcoming"


@dataclass
class Quarter:
    year: int
    number: int
    start: datetime  # aware, local midnight
    end: datetime  # exclusive
    held: list[Briefing] = field(default_factory=list)
    scheduled: list[Briefing] = field(default_factory=list)
    state: str = UPCOMING

    @property
    def label(self) -> str:
        return f"Quý {'I II III IV'.split()[self.number - 1]}/{self.year}"


def quarter_bounds(year: int, number: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(year, 3 * number - 2, 1))  # noqa: DTZ001 - made aware in local time
    end_year, end_month = (year + 1, 1) if number == 4 else (year, 3 * number + 1)
    return start, timezone.make_aware(datetime(end_year, end_month, 1))  # noqa: DTZ001


def quarters(year: int, now: datetime | None = None) -> list[Quarter]:
    now = now or timezone.now()
    result = [Quarter(year, number, *quarter_bounds(year, number)) for number in range(1, 5)]
    conferences = Briefing.objects.filter(
        kind=BriefingKind.CONFERENCE,
        host__kind=OrganisationKind.PROVINCE,
        starts_at__gte=result[0].start,
        starts_at__lt=result[-1].end,
    ).exclude(status=BriefingStatus.CANCELLED)
    for conference in conferences.order_by("starts_at"):
        quarter = next(q for q in result if q.start <= conference.starts_at < q.end)
        if conference.status == BriefingStatus.HELD:
            quarter.held.append(conference)
        else:
            quarter.scheduled.append(conference)
    for quarter in result:
        if quarter.held:
            quarter.state = HELD
        elif quarter.end <= now:
            quarter.state = OVERDUE
        elif quarter.start <= now:
            quarter.state = DUE
    return result
