"""Progress reports: transitions, validation, attachments, scope, lateness; the report page."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.plans.models import LATE, Plan, ProgressReport, Status
from lantoa.plans.services import do_report
from lantoa.plans.tests.conftest import occurrence_of
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_reports_move_the_occurrence_through_its_states(small_plan: Plan, agency_officer: User) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    assert occurrence.status == Status.NOT_STARTED
    do_report(agency_officer, occurrence, status="in_progress", text="Đã đăng 4 tin", figures={"articles": 4})
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.articles, occurrence.completed_on) == (Status.IN_PROGRESS, 4, None)
    do_report(agency_officer, occurrence, status="done", text="Hoàn thành", figures={"articles": 9, "posts": "3"})
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.articles, occurrence.posts) == (Status.DONE, 9, 3)
    assert occurrence.completed_on is not None
    assert occurrence.reports.count() == 2  # the history stays
    event = AuditEvent.objects.filter(action="plans.occurrence.report").latest("id")
    assert event.changes["status"] == ["in_progress", "done"]
    assert event.organisation is not None and event.organisation.code == "so-y-te"


def test_a_finished_task_is_reopened_only_by_the_press_office(
    small_plan: Plan, agency_officer: User, press_officer: User
) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    do_report(agency_officer, occurrence, status="done", text="Xong", figures={})
    with pytest.raises(ValidationError) as caught:
        do_report(agency_officer, occurrence, status="in_progress", text="Mở lại", figures={})
    assert "status" in caught.value.message_dict
    do_report(agency_officer, occurrence, status="done", text="Sửa số liệu", figures={"events": 2})  # a correction
    do_report(press_officer, occurrence, status="in_progress", text="Mở lại để bổ sung", figures={})
    occurrence.refresh_from_db()
    assert occurrence.status == Status.IN_PROGRESS and occurrence.completed_on is None
    with pytest.raises(ValidationError):
        do_report(press_officer, occurrence, status="not_started", text="?", figures={})


@pytest.mark.parametrize(
    ("figures", "field"),
    [({"articles": -1}, "articles"), ({"posts": "ba"}, "posts"), ({"people_reached": 10**12}, "people_reached")],
)
def test_bad_numbers_are_refused_and_nothing_is_saved(
    small_plan: Plan, agency_officer: User, figures: dict[str, object], field: str
) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    with pytest.raises(ValidationError) as caught:
        do_report(agency_officer, occurrence, status="done", text="Xong", figures=figures)
    assert field in caught.value.message_dict
    assert not ProgressReport.objects.exists()
    with pytest.raises(ValidationError) as caught:
        do_report(agency_officer, occurrence, status="done", text="   ", figures={})
    assert "text" in caught.value.message_dict


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.exe", b"MZ\x90\x00", "không đúng loại"),
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không đúng với loại PDF"),
        ("bang.xlsx", b"PK\x03\x04 broken", "không đúng với loại XLSX"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_attachments_are_checked_by_type_and_content(
    small_plan: Plan, agency_officer: User, name: str, content: bytes, message: str
) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    with pytest.raises(ValidationError) as caught:
        do_report(agency_officer, occurrence, status="done", text="Xong", figures={},
                  uploads=[SimpleUploadedFile(name, content)])  # fmt: skip
    assert message in " ".join(caught.value.messages)
    assert not ProgressReport.objects.exists()


def test_attachment_size_is_limited(small_plan: Plan, agency_officer: User, settings: object) -> None:
    settings.PLANS_MAX_ATTACHMENT_MB = 1  # type: ignore[attr-defined]
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="quá lớn"):
        do_report(agency_officer, occurrence, status="done", text="Xong", figures={}, uploads=[big])


def test_good_attachments_are_stored_and_served_only_in_scope(
    small_plan: Plan, agency_officer: User, leader: User, so_tu_phap: object
) -> None:
    from lantoa.accounts.roles import Role
    from lantoa.testing.fixtures import make_user

    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    report = do_report(agency_officer, occurrence, status="done", text="Xong", figures={}, uploads=[
        SimpleUploadedFile("Báo cáo.pdf", PDF), SimpleUploadedFile("so-lieu.xlsx", xlsx_bytes())])  # fmt: skip
    attachments = list(report.attachments.all())
    assert [a.name for a in attachments] == ["Báo cáo.pdf", "so-lieu.xlsx"]
    url = reverse("plans:attachment", args=[attachments[0].pk])
    response = client_for(agency_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert client_for(leader).get(url).status_code == 200
    other = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    assert client_for(other).get(url).status_code == 403


def test_reporting_on_another_organisations_assignment_is_refused(
    small_plan: Plan, agency_officer: User, spokesperson_user: User, leader: User
) -> None:
    theirs = occurrence_of("so-tu-phap", "II.1.1", 3)
    with pytest.raises(PermissionDenied):
        do_report(agency_officer, theirs, status="done", text="Không phải của tôi", figures={})
    with pytest.raises(PermissionDenied):
        do_report(leader, occurrence_of("so-y-te", "II.1.1", 3), status="done", text="Lãnh đạo chỉ xem", figures={})
    url = reverse("plans:occurrence", args=[theirs.pk])
    assert client_for(agency_officer).get(url).status_code == 403
    assert client_for(agency_officer).post(url, {"status": "done", "text": "x"}).status_code == 403
    assert not ProgressReport.objects.exists()
    # The spokesperson of Sở Y tế reports for Sở Y tế.
    do_report(spokesperson_user, occurrence_of("so-y-te", "II.1.1", 3), status="done", text="Xong", figures={})


def test_lateness_is_computed_from_the_due_date(small_plan: Plan, agency_officer: User) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)  # due 20/03/2026
    assert occurrence.state(date(2026, 3, 20)) == Status.NOT_STARTED
    assert occurrence.state(date(2026, 3, 21)) == LATE
    do_report(agency_officer, occurrence, status="in_progress", text="Đang làm", figures={})
    occurrence.refresh_from_db()
    assert occurrence.state(date(2026, 3, 21)) == LATE  # in progress past the due date is still late
    do_report(agency_officer, occurrence, status="done", text="Xong", figures={})
    occurrence.refresh_from_db()
    assert occurrence.state(date(2026, 12, 31)) == Status.DONE


def test_the_report_page_saves_a_report_and_shows_form_errors(small_plan: Plan, agency_officer: User) -> None:
    occurrence = occurrence_of("so-y-te", "II.1.1", 3)
    client = client_for(agency_officer)
    url = reverse("plans:occurrence", args=[occurrence.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Báo cáo tiến độ" in body and "Tuyên truyền chính sách &lt;script&gt;" in body and not unescaped(body)
    bad = client.post(url, {"status": "done", "text": "Xong", "articles": "-3"})
    assert bad.status_code == 400 and "Số liệu không được âm." in bad.content.decode()
    wrong = client.post(url, {"status": "done", "text": "Xong", "files": SimpleUploadedFile("virus.exe", b"MZ")})
    assert wrong.status_code == 400 and "không đúng loại" in wrong.content.decode()
    good = client.post(url, {"status": "done", "text": f"Đã tuyên truyền {HOSTILE}", "articles": "5",
                             "files": SimpleUploadedFile("bc.pdf", PDF)})  # fmt: skip
    assert good.status_code == 302
    shown = client.get(url).content.decode()
    assert "Đã tuyên truyền &lt;script&gt;" in shown and not unescaped(shown) and "bc.pdf" in shown
    mine = client.get(reverse("plans:mine") + "?hien_thi=ca-nam").content.decode()
    assert "Hoàn thành" in mine and not unescaped(mine)
