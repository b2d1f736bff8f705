"""Statistics of requests for information per organisation, and the XLSX export. No personal data: counts only.

For the requests received in the period (by date of receipt): received; answered, split into on time (on or
before the — possibly extended — deadline) and late; refused; still open, of which overdue on ``today``. *Late* in
the totals = answered or refused after the deadline + open past it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.core.xlsx import Cell, Sheet, workbook_bytes
from lantoa.disclosure.models import OPEN_REQUEST_STATUSES, RequestStatus
from lantoa.disclosure.services import visible_requests
from lantoa.org.models import Organisation


@dataclass
class StatRow:
    name: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    refused: int = 0
    open: int = 0
    late: int = 0


@dataclass
class Statistics:
    start: date
    end: date
    today: date
    rows: list[StatRow] = field(default_factory=list)
    total: StatRow = field(default_factory=lambda: StatRow(""))


def build(user: User, start: date, end: date, today: date | None = None) -> Statistics:
    """One grouped query over the requests in the user's scope, plus one for the organisations' names."""
    today = today or timezone.localdate()
    done = Q(status__in=(RequestStatus.ANSWERED, RequestStatus.REFUSED))
    late = (done & Q(answered_on__gt=F("deadline"))) | Q(status__in=OPEN_REQUEST_STATUSES, deadline__lt=today)
    grouped = (
        visible_requests(user)
        .filter(received_on__gte=start, received_on__lte=end)
        .values("organisation_id")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=Q(status=RequestStatus.ANSWERED)),
            answered_on_time=Count("id", filter=Q(status=RequestStatus.ANSWERED, answered_on__lte=F("deadline"))),
            refused=Count("id", filter=Q(status=RequestStatus.REFUSED)),
            open=Count("id", filter=Q(status__in=OPEN_REQUEST_STATUSES)),
            late=Count("id", filter=late),
        )
    )
    found = {row.pop("organisation_id"): row for row in grouped}
    names = dict(Organisation.objects.filter(pk__in=[pk for pk in found if pk]).values_list("pk", "name"))
    stats = Statistics(start, end, today)
    for pk, counts in sorted(found.items(), key=lambda pair: (pair[0] is None, names.get(pair[0], ""))):
        name = names.get(pk, "") if pk else _("Chưa giao cơ quan")
        counts["on_time"] = counts.pop("answered_on_time")
        stats.rows.append(StatRow(name, **counts))
    for attribute in ("received", "answered", "on_time", "refused", "open", "late"):
        setattr(stats.total, attribute, sum(getattr(row, attribute) for row in stats.rows))
    stats.total.name = _("Tổng cộng")
    return stats


def headings() -> list[str]:
    return [
        _("Cơ quan"), _("Tiếp nhận"), _("Đã cung cấp"), _("Cung cấp đúng hạn"), _("Từ chối"), _("Đang giải quyết"),
        _("Trễ hạn"),
    ]  # fmt: skip


def xlsx_bytes(stats: Statistics) -> bytes:
    rows: list[list[Cell]] = [
        [row.name, row.received, row.answered, row.on_time, row.refused, row.open, row.late]
        for row in [*stats.rows, stats.total]
    ]
    title = _("Thống kê yêu cầu cung cấp thông tin từ %(start)s đến %(end)s") % {
        "start": f"{stats.start:%d/%m/%Y}", "end": f"{stats.end:%d/%m/%Y}",
    }  # fmt: skip
    return workbook_bytes([Sheet(_("Thống kê"), headings(), rows, title=title)])
