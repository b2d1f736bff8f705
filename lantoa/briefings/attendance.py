"""Who came to the monthly press briefings (giao ban báo chí): organisations × months of a year.

Attendance is the briefing's ``organisations`` (the participating organisations the minutes list) once the briefing
is marked held; a scheduled or cancelled briefing says nothing about attendance. A month with a held briefing shows
each organisation as present (it took part in at least one that month) or absent; a month without one is blank.
Rows: every active department (expected at the provincial briefing) plus any other organisation that took part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from lantoa.briefings.models import Briefing, BriefingKind, BriefingStatus
from lantoa.org.models import Organisation, OrganisationKind

PRESENT, ABSENT, NONE = "present", "absent", ""


@dataclass
class Row:
    organisation: Organisation
    cells: list[str]  # one per month, PRESENT / ABSENT / NONE

    @property
    def attended(self) -> int:
        return self.cells.count(PRESENT)

    @property
    def held(self) -> int:
        return self.attended + self.cells.count(ABSENT)


@dataclass
class Matrix:
    year: int
    months_held: list[bool]
    rows: list[Row]


def matrix(year: int) -> Matrix:
    """Three queries: the held briefings of the year, their participants, the organisations."""
    zone = timezone.get_current_timezone()
    start = datetime(year, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    held = {
        pk: timezone.localtime(starts_at).month
        for pk, starts_at in Briefing.objects.filter(
            kind=BriefingKind.BRIEFING, status=BriefingStatus.HELD, starts_at__gte=start, starts_at__lt=end
        ).values_list("pk", "starts_at")
    }
    months_held = [month in held.values() for month in range(1, 13)]
    through = Briefing.organisations.through
    present: dict[int, set[int]] = {}
    for briefing_id, organisation_id in through.objects.filter(briefing_id__in=list(held)).values_list(
        "briefing_id", "organisation_id"
    ):
        present.setdefault(organisation_id, set()).add(held[briefing_id])
    organisations = Organisation.objects.filter(is_active=True, kind=OrganisationKind.DEPARTMENT) | (
        Organisation.objects.filter(pk__in=list(present))
    )
    rows = []
    for organisation in organisations.distinct().order_by("sort_order", "name"):
        months = present.get(organisation.pk, set())
        cells = [(PRESENT if month in months else ABSENT) if months_held[month - 1] else NONE for month in range(1, 13)]
        rows.append(Row(organisation, cells))
    return Matrix(year, months_held, rows)
