"""The report workflow (draft, refresh, texts, issue, numbering, audit), the pages per role, the command, an empty
database, and the yearly training figures against plans.training_summary."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.digests import services as digests
from lantoa.plans.summaries import training_summary
from lantoa.reports import services, sources
from lantoa.reports.models import Report, ReportStatus
from lantoa.reports.periods import Period
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
Q3 = Period("quarter", 2026, 3)


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_periods() -> None:
    assert (Q3.first_day, Q3.last_day, Q3.label) == (date(2026, 7, 1), date(2026, 9, 30), "quý III năm 2026")
    assert Q3.start.isoformat() == "2026-07-01T00:00:00+07:00" and Q3.end.isoformat() == "2026-10-01T00:00:00+07:00"
    year = Period("year", 2026)
    assert (year.last_day, len(year.months), year.label) == (date(2026, 12, 31), 12, "năm 2026")
    with pytest.raises(ValueError, match="quarter"):
        Period("quarter", 2026, 5)
    with pytest.raises(ValidationError):
        services.period_from("quarter", "2026", "x")
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        services.period_from("year", "2099", "")


def test_an_empty_database_gives_zeros_and_a_document(db: None) -> None:
    figures = sources.gather(Period("year", 2024))
    assert figures["monitoring"]["totals"]["items"] == 0 and figures["press"]["total"]["rate"] is None
    assert figures["campaigns"]["channels"] == [] and figures["tasks"]["totals"]["due"] == 0
    from lantoa.reports import document

    data = document.docx_bytes(figures, document.Texts(), number=0, day=date(2025, 1, 10))
    text = text_of(data)
    assert "BÁO CÁO KẾT QUẢ CÔNG TÁC THÔNG TIN, TUYÊN TRUYỀN CHÍNH SÁCH NĂM 2024" in text
    assert "(Chưa nhập nội dung.)" in text and len(Document(io.BytesIO(data)).inline_shapes) == 0


def test_draft_refresh_edit_issue(quarter_data: User) -> None:
    officer = quarter_data
    report = services.do_create_draft(officer, Q3)
    assert services.do_create_draft(officer, Q3) == report  # one report per period
    assert report.figures["digests"]["total"] == 3
    assert "yêu cầu trả lời báo chí trả lời quá hạn" in report.shortcomings  # suggested from the figures
    # A digest issued after the draft: not in the snapshot until the figures are refreshed.
    digests.do_issue(officer, digests.do_create_draft(officer, "week", date(2026, 9, 21)))
    assert Report.objects.get(pk=report.pk).figures["digests"]["total"] == 3
    report = services.do_refresh(officer, report)
    assert report.figures["digests"]["total"] == 4
    report = services.do_update_texts(officer, report, shortcomings=f"Một số sở trả lời chậm {HOSTILE}", directions="")
    with pytest.raises(ValidationError, match="Phương hướng"):
        services.do_issue(officer, report)
    report = services.do_update_texts(officer, report, directions="Đôn đốc trả lời đúng hạn.")
    report = services.do_issue(officer, report)
    assert (report.status, report.number, report.number_year) == (ReportStatus.ISSUED, 1, timezone.localdate().year)
    text = text_of(services.docx_bytes(report))
    assert "Số: 01/BC-SVHTTDL" in text and f"Một số sở trả lời chậm {HOSTILE}" in text
    with pytest.raises(ValidationError, match="đã phát hành"):
        services.do_refresh(officer, report)
    with pytest.raises(ValidationError, match="đã phát hành"):
        services.do_update_texts(officer, report, intro="x")
    year = services.do_issue(officer, services.do_create_draft(officer, Period("year", 2025)))
    assert year.number == 2
    actions = set(AuditEvent.objects.filter(action__startswith="reports.").values_list("action", flat=True))
    assert actions == {"reports.report.draft", "reports.report.refresh", "reports.report.texts", "reports.report.issue"}


def test_what_each_role_may_do(
    quarter_data: User, leader: User, agency_officer: User, spokesperson_user: User, outsider: User, admin_user: User
) -> None:
    report = services.do_create_draft(quarter_data, Q3)
    detail = reverse("reports:detail", args=[report.pk])
    download = reverse("reports:download", args=[report.pk])
    # Leaders read drafts and download them, but change nothing.
    reader = client_for(leader)
    page = reader.get(detail)
    assert page.status_code == 200 and "form-texts" not in page.content.decode()
    assert reader.get(download).status_code == 200
    assert reader.post(reverse("reports:create"), {"ky": "year", "nam": "2025"}).status_code == 403
    assert reader.post(reverse("reports:texts", args=[report.pk]), {"intro": "x"}).status_code == 403
    assert reader.post(reverse("reports:issue", args=[report.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.do_refresh(leader, report)
    # Agencies, spokespersons and people without a role: nothing.
    for user in (agency_officer, spokesperson_user, outsider):
        client = client_for(user)
        assert client.get(reverse("reports:list")).status_code == 403
        assert client.get(download).status_code == 403
    # Administrators do everything the press office does.
    admin = client_for(admin_user)
    response = admin.post(reverse("reports:create"), {"ky": "year", "nam": "2025"})
    created = Report.objects.get(kind="year", year=2025)
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[created.pk])
    assert "form-texts" in admin.get(reverse("reports:detail", args=[created.pk])).content.decode()


def test_the_pages_of_the_press_office(quarter_data: User) -> None:
    client = client_for(quarter_data)
    assert client.post(reverse("reports:create"), {"ky": "quarter", "nam": "2026", "quy": "3"}).status_code == 302
    report = Report.objects.get(kind="quarter", year=2026, quarter=3)
    listing = client.get(reverse("reports:list")).content.decode()
    assert "quý III năm 2026" in listing
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "BÁO CÁO KẾT QUẢ CÔNG TÁC THÔNG TIN, TUYÊN TRUYỀN CHÍNH SÁCH QUÝ III NĂM 2026" in page
    assert "66,7%" in page and "data:image/png;base64," in page
    client.post(reverse("reports:texts", args=[report.pk]),
                {"intro": "Mở đầu.", "shortcomings": f"Hạn chế {HOSTILE}", "directions": "Phương hướng."})  # fmt: skip
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert not unescaped(page) and "Hạn chế &lt;script&gt;" in page
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-quy-3-2026-du-thao.docx"'
    assert f"Hạn chế {HOSTILE}" in text_of(response.content)
    client.post(reverse("reports:issue", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).number == 1
    bad = client.post(reverse("reports:create"), {"ky": "quarter", "nam": "2026", "quy": "9"}, follow=True)
    assert "Năm hoặc quý không hợp lệ." in bad.content.decode()


def test_the_command_writes_the_document_and_nothing_else(quarter_data: User, tmp_path: Path) -> None:
    before = (Report.objects.count(), AuditEvent.objects.count())
    target = tmp_path / "q3.docx"
    call_command("report", "--period", "quarter", "--year", "2026", "--quarter", "3", "-o", str(target),
                 stderr=io.StringIO())  # fmt: skip
    assert (Report.objects.count(), AuditEvent.objects.count()) == before
    text = text_of(target.read_bytes())
    assert "QUÝ III NĂM 2026" in text and "Số:       /BC-SVHTTDL" in text
    with pytest.raises(CommandError, match="--quarter"):
        call_command("report", "--period", "quarter", "--year", "2026", "-o", str(target))
    with pytest.raises(CommandError, match="no issued report"):
        call_command("report", "--period", "year", "--year", "2026", "-o", str(target), "--issued")
    report = services.do_create_draft(quarter_data, Q3)
    services.do_update_texts(quarter_data, report, shortcomings="Hạn chế đã phát hành.")
    services.do_issue(quarter_data, report)
    call_command("report", "--period", "quarter", "--year", "2026", "--quarter", "3", "-o", str(target), "--issued",
                 stderr=io.StringIO())  # fmt: skip
    assert "Hạn chế đã phát hành." in text_of(target.read_bytes())


def test_yearly_training_figures_match_the_plans_summary(quarter_data: User) -> None:
    figures = sources.training(Period("year", 2026))
    summary = training_summary(2026)
    assert figures == {key: summary[key] for key in ("sessions_held", "attendances", "people_trained", "absent")}
    assert figures["sessions_held"] == 2  # August and October; September has nobody marked present
