"""The workflow received → assigned → drafting → approved → answered → closed (→ reopened), its refusals, the
deadlines of Press Law art. 43 and the scoping of agencies."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.audit.models import AuditEvent
from lantoa.monitoring.models import Story
from lantoa.org.models import Organisation, Outlet
from lantoa.press import services
from lantoa.press.models import AnswerChannel, EventAction, PressAttachment, PressRequest, PressRequestEvent, Status
from lantoa.press.tests.conftest import open_request
from lantoa.testing.fixtures import make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def pdf(name: str = "cong-van.pdf", size: int = 2000) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def docx_file(name: str = "tra-loi.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def answered(request: PressRequest, actor: User, day: date = date(2026, 3, 20)) -> PressRequest:
    return services.do_answer(
        actor, request, channel=AnswerChannel.PRESS, where="Báo Dân trí", url="https://dantri.com.vn/bai-tra-loi.htm",
        answered_on=day, today=TODAY,
    )  # fmt: skip


# --- Deadlines -----------------------------------------------------------------------------------------------------


def test_legal_deadline_is_thirty_calendar_days_and_moves_off_a_sunday(press_officer: User, outlet: Outlet) -> None:
    # Received Friday 06/03/2026: day 30 is Sunday 05/04 → Monday 06/04 (Civil Code art. 148(5)).
    request = open_request(press_officer, outlet, received_on=date(2026, 3, 6))
    assert request.legal_deadline == date(2026, 4, 6)
    # Internal: 10 working days after receipt (Mon 09/03 … Fri 20/03).
    assert request.internal_deadline == date(2026, 3, 20)


def test_legal_deadline_in_tet_2026_moves_past_the_holiday(press_officer: User, outlet: Outlet) -> None:
    # 18/01/2026 + 30 days = 17/02/2026, inside the Tết days off (16–20/02) → Monday 23/02/2026.
    request = open_request(press_officer, outlet, received_on=date(2026, 1, 18))
    assert request.legal_deadline == date(2026, 2, 23)
    # The internal deadline also skips weekends: 10 working days from Sunday 18/01 end on Friday 30/01.
    assert request.internal_deadline == date(2026, 1, 30)


def test_internal_deadline_is_configurable_and_never_after_the_legal_one(
    settings: object, press_officer: User, outlet: Outlet
) -> None:
    settings.PRESS_INTERNAL_DEADLINE_WORKING_DAYS = 5  # type: ignore[attr-defined]
    assert services.deadlines_for(date(2026, 3, 2)) == (date(2026, 4, 1), date(2026, 3, 9))
    settings.PRESS_INTERNAL_DEADLINE_WORKING_DAYS = 40  # type: ignore[attr-defined]
    assert services.deadlines_for(date(2026, 3, 2)) == (date(2026, 4, 1), date(2026, 4, 1))


# --- The whole workflow --------------------------------------------------------------------------------------------


def test_every_transition_with_timeline_and_audit(
    press_officer: User, agency_officer: User, spokesperson_user: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = open_request(press_officer, outlet, letter=pdf())
    assert request.status == Status.RECEIVED
    assert request.attachments.get().name == "cong-van.pdf"

    request = services.do_assign(press_officer, request, so_y_te, "Theo lĩnh vực y tế")
    assert (request.status, request.organisation) == (Status.ASSIGNED, so_y_te)
    request = services.do_save_draft(agency_officer, request, "Sở Y tế đã kiểm tra và trả lời như sau …")
    assert request.status == Status.DRAFTING
    request = services.do_approve(spokesperson_user, request)
    assert (request.status, request.approved_by) == (Status.APPROVED, spokesperson_user)
    request = answered(request, agency_officer)
    assert request.status == Status.ANSWERED and request.on_time is True
    request = services.do_close(press_officer, request, "Đã hoàn thành")
    assert request.status == Status.CLOSED and request.closed_at is not None
    request = services.do_reopen(press_officer, request, "Báo đề nghị làm rõ thêm số liệu")
    assert request.status == Status.DRAFTING
    assert (request.approved_by, request.answered_on) == (None, None)

    timeline = list(PressRequestEvent.objects.filter(request=request).values_list("action", "to_status"))
    assert timeline == [
        (EventAction.CREATE, Status.RECEIVED), (EventAction.ASSIGN, Status.ASSIGNED),
        (EventAction.DRAFT, Status.DRAFTING), (EventAction.APPROVE, Status.APPROVED),
        (EventAction.ANSWER, Status.ANSWERED), (EventAction.CLOSE, Status.CLOSED),
        (EventAction.REOPEN, Status.DRAFTING),
    ]  # fmt: skip
    assert PressRequestEvent.objects.filter(request=request, action=EventAction.REOPEN).get().note == (
        "Báo đề nghị làm rõ thêm số liệu"
    )
    actions = set(AuditEvent.objects.filter(target_id=str(request.pk)).values_list("action", flat=True))
    assert {"press.request.create", "press.request.assign", "press.request.draft", "press.request.approve",
            "press.request.answer", "press.request.close", "press.request.reopen"} <= actions  # fmt: skip


def test_an_agency_officer_opens_a_request_for_their_own_organisation(
    agency_officer: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = open_request(agency_officer, outlet)
    assert (request.status, request.organisation) == (Status.ASSIGNED, so_y_te)
    assert list(request.events.values_list("action", flat=True)) == [EventAction.CREATE, EventAction.ASSIGN]


def test_forbidden_transitions(
    press_officer: User, agency_officer: User, spokesperson_user: User, leader: User, so_y_te: Organisation,
    outlet: Outlet,
) -> None:  # fmt: skip
    request = open_request(press_officer, outlet)
    with pytest.raises(ValidationError, match="Chỉ duyệt được khi đã có nội dung"):
        services.do_approve(press_officer, request, "Giám đốc đồng ý")
    with pytest.raises(ValidationError, match="Chỉ đóng được"):
        services.do_close(press_officer, request)
    with pytest.raises(ValidationError, match="Chỉ mở lại được"):
        services.do_reopen(press_officer, request, "lý do")
    with pytest.raises(PermissionDenied):  # an agency may not route
        services.do_assign(agency_officer, request, so_y_te)
    with pytest.raises(PermissionDenied):  # not yet assigned to the agency: not theirs
        services.do_save_draft(agency_officer, request, "…")
    request = services.do_assign(press_officer, request, so_y_te)
    request = services.do_save_draft(agency_officer, request, "Nội dung")
    with pytest.raises(PermissionDenied):  # an agency officer is not the spokesperson
        services.do_approve(agency_officer, request)
    with pytest.raises(PermissionDenied):
        services.do_approve(leader, request)
    with pytest.raises(ValidationError, match="ghi rõ"):  # the press office approves only with the note
        services.do_approve(press_officer, request, "")
    with pytest.raises(ValidationError, match="Hãy nêu lý do"):
        services.do_reopen(press_officer, answered(services.do_approve(spokesperson_user, request), agency_officer), "")
    with pytest.raises(PermissionDenied):
        services.do_close(agency_officer, PressRequest.objects.get(pk=request.pk))
    assert PressRequest.objects.get(pk=request.pk).status == Status.ANSWERED


def test_answer_without_approval_is_refused_and_changes_nothing(
    press_officer: User, agency_officer: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    request = services.do_save_draft(agency_officer, request, "Nội dung chưa duyệt")
    with pytest.raises(ValidationError, match="chưa được người đứng đầu hoặc người phát ngôn duyệt"):
        answered(request, agency_officer)
    fresh = PressRequest.objects.get(pk=request.pk)
    assert (fresh.status, fresh.answered_on, fresh.answer_where) == (Status.DRAFTING, None, "")
    assert not fresh.events.filter(action=EventAction.ANSWER).exists()


def test_revising_an_approved_answer_withdraws_the_approval(
    press_officer: User, agency_officer: User, spokesperson_user: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    request = services.do_approve(spokesperson_user, services.do_save_draft(agency_officer, request, "Bản 1"))
    request = services.do_save_draft(agency_officer, request, "Bản 2")
    assert (request.status, request.approved_by) == (Status.DRAFTING, None)
    with pytest.raises(ValidationError):
        answered(request, agency_officer)


def test_the_press_office_records_an_approval_on_behalf(
    press_officer: User, agency_officer: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    request = services.do_save_draft(agency_officer, request, "Nội dung")
    request = services.do_approve(press_officer, request, "Giám đốc Sở Y tế đồng ý qua điện thoại")
    assert request.status == Status.APPROVED
    assert "Cán bộ báo chí ghi nhận thay" in request.events.get(action=EventAction.APPROVE).note


# --- Bad input -----------------------------------------------------------------------------------------------------


def test_missing_press_agency_and_other_bad_input_store_nothing(press_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.do_create(
            press_officer, outlet=None, issue=" ", legal_type="x", received_on=date(2026, 12, 1),
            letter_date=None, letter=pdf(), today=TODAY,
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["outlet"] == ["Chưa chọn cơ quan báo chí gửi yêu cầu."]
    assert set(errors) == {"outlet", "issue", "legal_type", "received_on"}
    assert not PressRequest.objects.exists() and not PressAttachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 100), "không đúng loại"),
        (SimpleUploadedFile("gia.pdf", b"MZ" + b"0" * 100), "không đúng với loại PDF"),
        (SimpleUploadedFile("gia.docx", b"PK\x03\x04" + b"0" * 100), "không đúng với loại DOCX"),
        (SimpleUploadedFile("rong.png", b""), "rỗng"),
    ],
)
def test_wrong_type_attachments_are_refused(
    press_officer: User, outlet: Outlet, upload: SimpleUploadedFile, message: str, media_in_tmp: object
) -> None:
    with pytest.raises(ValidationError, match=message):
        open_request(press_officer, outlet, letter=upload)
    assert not PressRequest.objects.exists()


def test_oversized_attachment_is_refused_and_nothing_is_stored(
    settings: object, press_officer: User, outlet: Outlet, media_in_tmp: object
) -> None:
    from pathlib import Path

    big = pdf(size=20 * 1024 * 1024)  # 20 MiB of content + the header: just over the limit
    with pytest.raises(ValidationError, match=r"quá lớn \(20,0 MB|quá lớn \(20.0 MB"):
        open_request(press_officer, outlet, letter=big)
    assert not PressRequest.objects.exists()
    assert not any(Path(str(media_in_tmp)).rglob("*.pdf"))
    request = open_request(press_officer, outlet)
    assert services.do_attach(press_officer, request, docx_file(), "answer").name == "tra-loi.docx"
    with pytest.raises(ValidationError, match="quá lớn"):
        services.do_attach(press_officer, request, pdf(size=21 * 1024 * 1024), "answer")
    assert request.attachments.count() == 1


def test_duplicate_request_for_the_same_story_names_the_existing_one(
    press_officer: User, stories: dict[str, Story]
) -> None:
    story = stories["f1"]
    first = services.do_create_from_story(press_officer, story, today=TODAY)
    assert first.outlet.code == "dan-tri" and first.items.count() == 1
    with pytest.raises(ValidationError, match=f"đã có yêu cầu phản hồi đang xử lý: {first.reference}"):
        services.do_create_from_story(press_officer, story, today=TODAY)
    assert PressRequest.objects.count() == 1


def test_a_closed_request_does_not_block_a_new_one_but_reopening_then_does(
    press_officer: User, spokesperson_user: User, so_y_te: Organisation, stories: dict[str, Story]
) -> None:
    story = stories["h1"]
    first = services.do_assign(press_officer, services.do_create_from_story(press_officer, story, today=TODAY), so_y_te)
    first = services.do_approve(spokesperson_user, services.do_save_draft(spokesperson_user, first, "Trả lời"))
    first = answered(first, spokesperson_user, day=TODAY)
    second = services.do_create_from_story(press_officer, story, today=TODAY)
    with pytest.raises(ValidationError, match=second.reference):
        services.do_reopen(press_officer, first, "Làm rõ")


def test_routing_suggests_the_sector_body_and_the_commune_committee(
    press_officer: User, stories: dict[str, Story]
) -> None:
    flood = services.do_create_from_story(press_officer, stories["f1"], today=TODAY)
    assert flood.suggested[0] == "so-nong-nghiep-moi-truong"
    communes = Organisation.objects.filter(code__in=flood.suggested, kind="commune")
    assert communes.exists(), flood.suggested  # "xã Tân Thành" → the People's Committee of its current commune
    hospital = services.do_create_from_story(press_officer, stories["h1"], today=TODAY)
    assert hospital.suggested[0] == "so-y-te"


# --- Scope ---------------------------------------------------------------------------------------------------------


def test_an_agency_sees_and_acts_only_on_its_own_requests(
    press_officer: User, agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, outlet: Outlet,
    leader: User, outsider: User,
) -> None:  # fmt: skip
    health = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    justice = services.do_assign(press_officer, open_request(press_officer, outlet), so_tu_phap)
    justice_officer = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    assert list(services.visible_requests(agency_officer)) == [health]
    assert list(services.visible_requests(justice_officer)) == [justice]
    assert set(services.visible_requests(leader)) == {health, justice}
    with pytest.raises(PermissionDenied):
        services.check_can_view(justice_officer, health)
    with pytest.raises(PermissionDenied):
        services.do_save_draft(justice_officer, health, "Không phải việc của Sở Tư pháp")
    with pytest.raises(PermissionDenied):
        services.do_attach(justice_officer, health, pdf(), "answer")
    with pytest.raises(PermissionDenied):
        services.visible_requests(outsider)
    with pytest.raises(PermissionDenied):
        services.do_save_draft(leader, health, "…")
    assert PressRequest.objects.get(pk=health.pk).answer_text == ""


def test_publication_needs_an_answer_a_title_and_the_personal_data_check(
    press_officer: User, agency_officer: User, spokesperson_user: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    with pytest.raises(ValidationError, match="Chỉ công khai được"):
        services.do_publish(press_officer, request, "Tiêu đề", no_personal_data=True)
    request = answered(services.do_approve(spokesperson_user, services.do_save_draft(agency_officer, request, "TL")),
                       agency_officer)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.do_publish(press_officer, request, "", no_personal_data=False)
    assert set(caught.value.message_dict) == {"public_title", "no_personal_data"}
    with pytest.raises(PermissionDenied):
        services.do_publish(agency_officer, request, "Tiêu đề", no_personal_data=True)
    request = services.do_publish(press_officer, request, "Sở Y tế trả lời về giá dịch vụ", no_personal_data=True)
    assert list(services.public_answers()) == [request]
    request = services.do_reopen(press_officer, request, "Sai số liệu")
    assert not services.public_answers().exists()
