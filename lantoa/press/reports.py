"""The press-answer report: per organisation, how many requests it answered on time (on or before the legal
deadline of Press Law art. 43), plus the open and the overdue requests; as a page, XLSX and a Decree 30 DOCX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.core import docx30, xlsx
from lantoa.press import services
from lantoa.press.models import OPEN_STATUSES, PressRequest, Status

TITLE = "BÁO CÁO TÌNH HÌNH TRẢ LỜI BÁO CHÍ"
UNASSIGNED = "(Chưa giao cơ quan chủ trì)"


@dataclass
class OrganisationRow:
    name: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Answered on or before the legal deadline / answered; None when nothing was answered."""
        return self.on_time / self.answered if self.answered else None


@dataclass
class Report:
    start: date
    end: date
    today: date
    rows: list[OrganisationRow] = field(default_factory=list)
    total: OrganisationRow = field(default_factory=lambda: OrganisationRow("Tổng cộng"))
    open_requests: list[PressRequest] = field(default_factory=list)
    overdue_requests: list[PressRequest] = field(default_factory=list)


def build(user: User, start: date, end: date, today: date | None = None) -> Report:
    """Requests received between ``start`` and ``end`` (inclusive) within the user's scope."""
    today = today or timezone.localdate()
    requests = list(
        services.visible_requests(user)
        .filter(received_on__gte=start, received_on__lte=end)
        .select_related("outlet", "organisation")
        .order_by("legal_deadline", "id")
    )
    report = Report(start, end, today)
    rows: dict[str, OrganisationRow] = {}
    for request in requests:
        name = request.organisation.name if request.organisation else UNASSIGNED
        row = rows.setdefault(name, OrganisationRow(name))
        for target in (row, report.total):
            target.received += 1
            if request.answered_on is not None and request.status in (Status.ANSWERED, Status.CLOSED):
                target.answered += 1
                target.on_time += bool(request.on_time)
            if request.status in OPEN_STATUSES:
                target.open += 1
                target.overdue += request.is_overdue(today)
        if request.status in OPEN_STATUSES:
            report.open_requests.append(request)
            if request.is_overdue(today):
                report.overdue_requests.append(request)
    report.rows = sorted(rows.values(), key=lambda row: (-row.overdue, -row.received, row.name))
    return report


def _rate(row: OrganisationRow) -> str:
    return "—" if row.on_time_rate is None else f"{row.on_time_rate * 100:.1f}%".replace(".", ",")


def _request_cells(request: PressRequest, today: date) -> list[xlsx.Cell]:
    return [
        request.reference,
        request.outlet.name,
        " ".join(request.issue.split())[:300],
        request.organisation.name if request.organisation else UNASSIGNED,
        request.get_status_display(),
        request.received_on,
        request.legal_deadline,
        max((today - request.legal_deadline).days, 0),
    ]


REQUEST_HEADINGS = [
    "Số yêu cầu", "Cơ quan báo chí", "Vấn đề", "Cơ quan chủ trì", "Trạng thái", "Ngày nhận", "Hạn theo luật",
    "Số ngày quá hạn",
]  # fmt: skip
ORG_HEADINGS = ["Cơ quan chủ trì", "Số yêu cầu", "Đã trả lời", "Trả lời đúng hạn", "Tỷ lệ đúng hạn", "Đang xử lý",
                "Quá hạn"]  # fmt: skip


def _org_cells(row: OrganisationRow) -> list[xlsx.Cell]:
    rate = None if row.on_time_rate is None else round(row.on_time_rate * 100, 1)
    return [row.name, row.received, row.answered, row.on_time, rate, row.open, row.overdue]


def _period(report: Report) -> str:
    return f"từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"


def xlsx_bytes(report: Report) -> bytes:
    return xlsx.workbook_bytes(
        [
            xlsx.Sheet(
                "Theo cơ quan", [*ORG_HEADINGS[:4], "Tỷ lệ đúng hạn (%)", *ORG_HEADINGS[5:]],
                [*(_org_cells(row) for row in report.rows), _org_cells(report.total)],
                title=f"Tình hình trả lời báo chí {_period(report)}",
            ),
            xlsx.Sheet(
                "Đang xử lý", REQUEST_HEADINGS, [_request_cells(r, report.today) for r in report.open_requests],
                title=f"Yêu cầu đang xử lý (tính đến {report.today:%d/%m/%Y})",
            ),
            xlsx.Sheet(
                "Quá hạn", REQUEST_HEADINGS, [_request_cells(r, report.today) for r in report.overdue_requests],
                title=f"Yêu cầu quá hạn theo Luật Báo chí (tính đến {report.today:%d/%m/%Y})",
            ),
        ]
    )  # fmt: skip


def docx_bytes(report: Report) -> bytes:
    abbreviation = getattr(settings, "DIGEST_BODY_ABBREVIATION", "SVHTTDL")
    header = docx30.Header(
        parent_body=getattr(settings, "DIGEST_PARENT_BODY", "UBND TỈNH THÁI NGUYÊN"),
        body=getattr(settings, "DIGEST_BODY", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
        number=f"Số:      /BC-{abbreviation}",
        place=getattr(settings, "DIGEST_PLACE", "Thái Nguyên"),
        day=report.today,
    )
    document = docx30.OfficialDocument(header, TITLE, f"({_period(report)})")
    total = report.total
    document.paragraph(
        f"Căn cứ Điều 43 Luật Báo chí năm 2016, trong kỳ báo cáo các cơ quan, đơn vị nhận {total.received} yêu cầu "
        f"trả lời báo chí; đã trả lời {total.answered} yêu cầu, trong đó {total.on_time} yêu cầu trả lời đúng hạn "
        f"(tỷ lệ {_rate(total)}); còn {total.open} yêu cầu đang xử lý, trong đó {total.overdue} yêu cầu quá hạn."
    )
    document.heading("1. Kết quả theo cơ quan chủ trì")
    document.table(
        ORG_HEADINGS,
        [[row.name, str(row.received), str(row.answered), str(row.on_time), _rate(row), str(row.open),
          str(row.overdue)] for row in [*report.rows, total]],
        [4.6, 1.6, 1.7, 1.9, 1.9, 1.7, 1.6],
    )  # fmt: skip
    for number, heading, requests in (
        ("2", "Yêu cầu quá hạn", report.overdue_requests),
        ("3", "Yêu cầu đang xử lý", report.open_requests),
    ):
        document.heading(f"{number}. {heading}")
        if not requests:
            document.paragraph("Không có.")
            continue
        document.table(
            ["Số", "Cơ quan báo chí", "Vấn đề", "Cơ quan chủ trì", "Hạn theo luật"],
            [[r.reference, r.outlet.name, " ".join(r.issue.split())[:200],
              r.organisation.name if r.organisation else UNASSIGNED, f"{r.legal_deadline:%d/%m/%Y}"]
             for r in requests],
            [1.6, 3.0, 6.0, 3.3, 2.1],
        )  # fmt: skip
    document.closing(
        docx30.Recipients(
            ["- UBND tỉnh (b/c);", "- Các sở, ban, ngành, UBND các xã, phường;", f"- Lưu: VT, {abbreviation}."]
        ),
        docx30.Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC"),
    )
    return document.to_bytes()
