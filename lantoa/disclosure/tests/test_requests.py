"""Requests for information: deadline maths (working days, over Tết 2026, settings), the transitions (receive →
assign → answer / refuse with a reason / extend once only → late), bad input, role scoping, the public form, and the
statistics with their XLSX read back."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.disclosure import reports, services
from lantoa.disclosure.models import InformationRequest, RequestStatus
from lantoa.disclosure.tests.conftest import TODAY, entered, submission
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


def test_ten_working_days_over_tet_2026_and_one_extension(settings: Any) -> None:
    # Received Thursday 12/02/2026: Fri 13 is day 1; 14–22/02 are the weekend, Tết (16–20) and the weekend;
    # days 2–10 run Mon 23/02 → Thu 05/03. The extension adds 10 working days to that: Thu 19/03/2026.
    assert services.deadline_for(date(2026, 2, 12)) == date(2026, 3, 5)
    assert services.extended_deadline(date(2026, 3, 5)) == date(2026, 3, 19)
    # A plain fortnight: received Monday 02/03/2026 → Monday 16/03/2026.
    assert services.deadline_for(date(2026, 3, 2)) == date(2026, 3, 16)
    # Received on a Saturday: the next working day is day 1.
    assert services.deadline_for(date(2026, 3, 7)) == date(2026, 3, 20)
    settings.DISCLOSURE_REQUEST_WORKING_DAYS = 15
    settings.DISCLOSURE_EXTENSION_WORKING_DAYS = 5
    assert services.deadline_for(date(2026, 3, 2)) == date(2026, 3, 23)
    assert services.extended_deadline(date(2026, 3, 23)) == date(2026, 3, 30)


def test_receive_assign_answer_on_time_with_a_timeline(
    press_officer: User, agency_officer: User, so_y_te: Organisation
) -> None:
    request = entered(press_officer, None)
    assert (request.status, request.deadline, request.original_deadline) == (
        RequestStatus.RECEIVED, date(2026, 3, 16), date(2026, 3, 16)
    )  # fmt: skip
    with pytest.raises(ValidationError, match="chưa được giao"):
        services.do_answer(press_officer, request, text="x", provided_how="electronic", answered_on=date(2026, 3, 3))
    with pytest.raises(PermissionDenied):
        services.do_assign(agency_officer, request, so_y_te)
    request = services.do_assign(press_officer, request, so_y_te, "theo lĩnh vực y tế")
    request = services.do_answer(
        agency_officer, request, text="Danh sách kèm theo.", provided_how="electronic", answered_on=date(2026, 3, 16),
        today=TODAY,
    )  # fmt: skip
    assert request.status == RequestStatus.ANSWERED and request.on_time is True
    actions = list(request.events.values_list("action", flat=True))
    assert actions == ["create", "assign", "answer"]
    assert AuditEvent.objects.filter(action__startswith="disclosure.request.").count() == 3
    # The audit log names the request by its number, never by the requester.
    assert not AuditEvent.objects.filter(target_label__contains="Nguyễn").exists()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.do_refuse(agency_officer, request, ground="other", reason="x", answered_on=date(2026, 3, 16))


def test_information_provided_on_the_spot_is_on_time(agency_officer: User) -> None:
    request = entered(agency_officer, None, received_on=date(2026, 3, 2), provision_form="on_spot")
    assert request.status == RequestStatus.ASSIGNED and request.organisation.code == "so-y-te"  # type: ignore[union-attr]
    request = services.do_answer(
        agency_officer, request, text="Cho đọc, chép tại trụ sở.", provided_how="on_spot", answered_on=date(2026, 3, 2),
        today=TODAY,
    )  # fmt: skip
    assert request.on_time is True and request.get_provided_how_display().startswith("Cung cấp ngay")


def test_refusal_needs_a_ground_and_a_reason(agency_officer: User) -> None:
    request = entered(agency_officer, None)
    with pytest.raises(ValidationError) as refused:
        services.do_refuse(agency_officer, request, ground="", reason=" ", answered_on=None, today=TODAY)
    assert set(refused.value.message_dict) == {"ground", "reason", "answered_on"}
    request = services.do_refuse(
        agency_officer, request, ground="internal", reason="Tài liệu nội bộ của Sở.", answered_on=date(2026, 3, 10),
        today=TODAY,
    )  # fmt: skip
    assert request.status == RequestStatus.REFUSED and request.refusal_ground == "internal"
    assert "khoản 3 Điều 6" in request.events.last().note  # type: ignore[union-attr]


def test_extend_once_only_then_late(agency_officer: User) -> None:
    request = entered(agency_officer, None, received_on=date(2026, 2, 12))
    with pytest.raises(ValidationError) as refused:
        services.do_extend(agency_officer, request, " ", today=date(2026, 3, 2))
    assert "reason" in refused.value.message_dict
    request = services.do_extend(agency_officer, request, "Cần tập hợp từ nhiều đơn vị.", today=date(2026, 3, 2))
    assert (request.original_deadline, request.deadline, request.extended_on) == (
        date(2026, 3, 5), date(2026, 3, 19), date(2026, 3, 2)
    )  # fmt: skip
    with pytest.raises(ValidationError, match="một lần"):
        services.do_extend(agency_officer, request, "Lần nữa", today=date(2026, 3, 3))
    # The requester gave an e-mail: told of the new deadline when the transaction commits.
    assert "19/03/2026" in request.events.last().note  # type: ignore[union-attr]
    assert not request.is_overdue(date(2026, 3, 19)) and request.is_overdue(date(2026, 3, 20))
    request = services.do_answer(
        agency_officer, request, text="Cung cấp muộn.", provided_how="post", answered_on=date(2026, 3, 20), today=TODAY
    )
    assert request.on_time is False


def test_the_extension_notice_is_mailed(agency_officer: User, django_capture_on_commit_callbacks: Any) -> None:
    request = entered(agency_officer, None, received_on=date(2026, 2, 12))
    with django_capture_on_commit_callbacks(execute=True):
        services.do_extend(agency_officer, request, "Cần tập hợp từ nhiều đơn vị.", today=date(2026, 3, 2))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dan@example.vn"]
    assert "19/03/2026" in mail.outbox[0].body and "TT-" in mail.outbox[0].subject


def test_no_extension_once_the_deadline_has_passed(agency_officer: User) -> None:
    request = entered(agency_officer, None, received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="quá hạn"):
        services.do_extend(agency_officer, request, "Muộn", today=date(2026, 3, 17))


def test_a_request_without_contact_details_is_refused_and_nothing_stored(press_officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        entered(press_officer, None, address="", email="", phone="")
    assert "chưa có thông tin liên hệ" in refused.value.message_dict["contact"][0]
    with pytest.raises(ValidationError) as refused:
        entered(press_officer, None, information="   ", email="khong-phai-email", name="")
    assert set(refused.value.message_dict) == {"information", "email", "name"}
    with pytest.raises(ValidationError) as refused:
        entered(press_officer, None, received_on=date(2026, 12, 1))
    assert "received_on" in refused.value.message_dict
    # A phone number alone is enough.
    assert entered(press_officer, None, address="", email="", phone="0208 3855 123").pk
    assert InformationRequest.objects.count() == 1


def test_the_public_form_refuses_no_contact_with_a_clear_error_then_accepts(so_y_te: Organisation) -> None:
    client = Client()
    data = {"name": "Trần Văn Dân", "information": "Kế hoạch sử dụng đất 2026 của phường", "provision_form": "post"}
    response = client.post(reverse("disclosure_public:request"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu chưa có thông tin liên hệ" in page and "Trần Văn Dân" in page
    response = client.post(reverse("disclosure_public:request"), {**data, "information": " ", "phone": "0912345678"})
    assert response.status_code == 400 and "Hãy nêu thông tin cần cung cấp." in response.content.decode()
    assert not InformationRequest.objects.exists()
    response = client.post(
        reverse("disclosure_public:request"), {**data, "phone": "0912345678", "addressed_to": so_y_te.pk}
    )
    assert response.status_code == 302
    stored = InformationRequest.objects.get()
    assert (stored.status, stored.addressed_to, stored.organisation) == (RequestStatus.RECEIVED, so_y_te, None)
    assert stored.received_via == "form" and len(stored.client_hash) == 64
    sent = client.get(response["Location"]).content.decode()
    assert stored.reference in sent and f"{stored.deadline:%d/%m/%Y}" in sent


def test_the_public_form_limits_submissions_per_address_and_traps_robots(settings: Any) -> None:
    settings.DISCLOSURE_REQUESTS_PER_IP_PER_HOUR = 2
    client = Client()
    data = {"name": "Dân", "information": "Thông tin", "provision_form": "post", "address": "Phổ Yên"}
    response = client.post(reverse("disclosure_public:request"), {**data, "trang_web": "http://spam"})
    assert response.status_code == 302 and not InformationRequest.objects.exists()
    for _attempt in range(2):
        assert client.post(reverse("disclosure_public:request"), data).status_code == 302
    response = client.post(reverse("disclosure_public:request"), data)
    assert response.status_code == 400 and "nhiều yêu cầu" in response.content.decode()
    assert InformationRequest.objects.count() == 2


def test_scoping_other_agencies_requests_are_404(
    press_officer: User, agency_officer: User, so_tu_phap: Organisation, so_y_te: Organisation, leader: User,
    outsider: User,
) -> None:  # fmt: skip
    theirs = entered(press_officer, so_tu_phap)
    mine = entered(press_officer, so_y_te)
    justice = User.objects.get(pk=agency_officer.pk)
    justice.organisation = so_tu_phap
    justice.save()
    justice_client = client_for(justice)
    assert justice_client.get(reverse("disclosure:request_detail", args=[mine.pk])).status_code == 404
    assert justice_client.get(reverse("disclosure:request_detail", args=[theirs.pk])).status_code == 200
    response = justice_client.post(
        reverse("disclosure:request_action", args=[mine.pk]), {"action": "refuse", "refuse-ground": "other"}
    )
    assert response.status_code == 404
    assert list(services.visible_requests(justice)) == [theirs]
    assert client_for(outsider).get(reverse("disclosure:request_detail", args=[mine.pk])).status_code == 403
    page = client_for(leader).get(reverse("disclosure:request_detail", args=[mine.pk])).content.decode()
    assert "form-answer" not in page and "form-assign" not in page
    with pytest.raises(PermissionDenied):
        services.do_answer(leader, mine, text="x", provided_how="post", answered_on=date(2026, 3, 3))


def test_the_detail_page_escapes_and_acts(press_officer: User, spokesperson_user: User, so_y_te: Organisation) -> None:
    from django.utils import timezone

    today = timezone.localdate()  # the page offers an extension only before the deadline, by the real clock
    request = services.do_enter(
        press_officer, submission(), received_via="letter", received_on=today, organisation=so_y_te, today=today
    )
    client = client_for(spokesperson_user)
    page = client.get(reverse("disclosure:request_detail", args=[request.pk])).content.decode()
    assert ESCAPED in page and not unescaped(page) and f"{request.deadline:%d/%m/%Y}" in page
    assert 'id="form-extend"' in page and 'id="form-assign"' not in page
    response = client.post(
        reverse("disclosure:request_action", args=[request.pk]),
        {"action": "refuse", "refuse-answered_on": f"{today:%d/%m/%Y}"},
    )
    assert response.status_code == 400 and "Hãy chọn căn cứ từ chối." in response.content.decode()
    response = client.post(
        reverse("disclosure:request_action", args=[request.pk]),
        {"action": "answer", "answer-text": "Danh sách hộ.", "answer-provided_how": "electronic",
         "answer-answered_on": f"{today:%d/%m/%Y}"},
    )  # fmt: skip
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.on_time


def test_the_answer_file_is_checked_and_served_through_the_scope(agency_officer: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = entered(agency_officer, None)
    bad = SimpleUploadedFile("ds.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.do_answer(
            agency_officer, request, text="", provided_how="post", answered_on=date(2026, 3, 3), upload=bad
        )
    assert "file" in refused.value.message_dict
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED and not request.attachments.exists()
    good = SimpleUploadedFile("ds.pdf", b"%PDF-1.4 danh sach", content_type="application/pdf")
    services.do_answer(
        agency_officer, request, text="", provided_how="post", answered_on=date(2026, 3, 3), upload=good, today=TODAY
    )
    attachment = request.attachments.get()
    response = client_for(agency_officer).get(reverse("disclosure:request_file", args=[request.pk, attachment.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 danh sach"  # type: ignore[attr-defined]


def test_statistics_count_on_time_late_refused_and_open_and_export_xlsx(
    press_officer: User, agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    from openpyxl import load_workbook

    on_time = entered(press_officer, so_y_te, received_on=date(2026, 3, 2))
    services.do_answer(
        agency_officer, on_time, text="a", provided_how="post", answered_on=date(2026, 3, 16), today=TODAY
    )
    late = entered(press_officer, so_y_te, received_on=date(2026, 3, 2))
    services.do_answer(agency_officer, late, text="b", provided_how="post", answered_on=date(2026, 3, 17), today=TODAY)
    refused = entered(press_officer, so_y_te, received_on=date(2026, 3, 2))
    services.do_refuse(
        agency_officer, refused, ground="secret", reason="Mật", answered_on=date(2026, 3, 5), today=TODAY
    )
    entered(press_officer, so_tu_phap, received_on=date(2026, 3, 2))  # open, overdue on TODAY
    entered(press_officer, None, received_on=date(2026, 11, 25))  # not assigned yet, not overdue
    entered(press_officer, so_y_te, received_on=date(2025, 12, 1))  # outside the period
    with django_assert_max_num_queries(3):
        stats = reports.build(press_officer, date(2026, 1, 1), TODAY, today=TODAY)
    rows = {row.name: row for row in stats.rows}
    health = rows["Sở Y tế"]
    assert (health.received, health.answered, health.on_time, health.refused, health.open, health.late) == (
        3,
        2,
        1,
        1,
        0,
        1,
    )
    assert (rows["Sở Tư pháp"].open, rows["Sở Tư pháp"].late) == (1, 1)
    assert rows["Chưa giao cơ quan"].received == 1 and rows["Chưa giao cơ quan"].late == 0
    assert (stats.total.received, stats.total.late) == (5, 2)
    # The agency sees its own line only.
    assert [row.name for row in reports.build(agency_officer, date(2026, 1, 1), TODAY, today=TODAY).rows] == ["Sở Y tế"]
    response = client_for(press_officer).get(reverse("disclosure:statistics_xlsx") + "?tu=01/01/2026&den=26/11/2026")
    assert response["Content-Disposition"].endswith('-20260101-20261126.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Thống kê yêu cầu cung cấp thông tin từ 01/01/2026 đến 26/11/2026"
    assert values[1] == [
        "Cơ quan",
        "Tiếp nhận",
        "Đã cung cấp",
        "Cung cấp đúng hạn",
        "Từ chối",
        "Đang giải quyết",
        "Trễ hạn",
    ]
    assert ["Sở Y tế", 3, 2, 1, 1, 0, 1] in values and values[-1][0] == "Tổng cộng"
    # No personal data in the export.
    assert not any("Nguyễn" in str(cell) for row in values for cell in row)
    page = client_for(press_officer).get(reverse("disclosure:statistics") + "?tu=01/01/2026").content.decode()
    assert "Sở Y tế" in page and "Nguyễn" not in page


def test_an_agency_officer_enters_a_letter_for_their_own_organisation(
    agency_officer: User, so_tu_phap: Organisation
) -> None:
    response = client_for(agency_officer).post(
        reverse("disclosure:request_create"),
        {"name": "Lê Dân", "address": "Đồng Hỷ", "information": "Quy hoạch", "provision_form": "post",
         "received_via": "letter", "received_on": "02/03/2026", "organisation": so_tu_phap.pk},
    )  # fmt: skip
    stored = InformationRequest.objects.get()
    assert response.status_code == 302 and stored.organisation.code == "so-y-te"  # type: ignore[union-attr]
    assert stored.status == RequestStatus.ASSIGNED
