"""The pages: create (form and one click from a story), detail actions, list filters and query counts, scope,
escaping, the public page, and the XLSX/DOCX report read back."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.monitoring.models import Story
from lantoa.org.models import Organisation, Outlet
from lantoa.press import services
from lantoa.press.models import AnswerChannel, PressRequest, Status
from lantoa.press.tests.conftest import open_request
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


def answered_request(
    press_officer: User, spokesperson: User, organisation: Organisation, outlet: Outlet,
    received_on: date = date(2026, 3, 2), answered_on: date = date(2026, 3, 20),
) -> PressRequest:  # fmt: skip
    request = services.do_assign(press_officer, open_request(press_officer, outlet, received_on), organisation)
    request = services.do_save_draft(spokesperson, request, f"Sở trả lời: đã kiểm tra {HOSTILE}")
    request = services.do_approve(spokesperson, request)
    return services.do_answer(
        spokesperson, request, channel=AnswerChannel.PRESS, where="Dân trí", url="https://dantri.com.vn/a.htm",
        answered_on=answered_on, today=date(2026, 11, 26),
    )  # fmt: skip


def test_the_form_refuses_a_missing_press_agency_in_vietnamese_and_keeps_the_input(press_officer: User) -> None:
    client = client_for(press_officer)
    response = client.post(
        reverse("press:create"),
        {"issue": "Vấn đề cần trả lời", "legal_type": "answer", "received_on": "02/03/2026"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa chọn cơ quan báo chí gửi yêu cầu." in page and "Vấn đề cần trả lời" in page
    assert not PressRequest.objects.exists()
    response = client.post(reverse("press:create"), {"legal_type": "answer", "received_on": "31/02/2026"})
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in response.content.decode()


def test_the_form_stores_a_request_with_its_letter(press_officer: User, outlet: Outlet) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 thu", content_type="application/pdf")
    response = client_for(press_officer).post(
        reverse("press:create"),
        {"outlet": outlet.pk, "issue": "Đề nghị trả lời", "legal_type": "handling", "received_on": "06/03/2026",
         "letter_number": "45/CV", "letter_date": "05/03/2026", "letter": letter},
    )  # fmt: skip
    request = PressRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("press:detail", args=[request.pk])
    assert (request.legal_type, request.letter_date, request.legal_deadline) == (
        "handling", date(2026, 3, 5), date(2026, 4, 6)
    )  # fmt: skip
    attachment = request.attachments.get()
    download = client_for(press_officer).get(reverse("press:attachment", args=[request.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 thu"  # type: ignore[attr-defined]
    bad = SimpleUploadedFile("cv.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(press_officer).post(
        reverse("press:create"),
        {"outlet": outlet.pk, "issue": "Lần hai", "legal_type": "answer", "received_on": "06/03/2026", "letter": bad},
    )
    assert response.status_code == 400 and "không đúng loại" in response.content.decode()
    assert PressRequest.objects.count() == 1


def test_one_click_from_a_story_then_the_duplicate_is_named(press_officer: User, stories: dict[str, Story]) -> None:
    client = client_for(press_officer)
    story = stories["f1"]
    page = client.get(reverse("monitoring:story_detail", args=[story.pk])).content.decode()
    assert "Yêu cầu phản hồi" in page
    response = client.post(reverse("press:create_from_story", args=[story.pk]))
    request = PressRequest.objects.get()
    assert response["Location"] == reverse("press:detail", args=[request.pk])
    response = client.post(reverse("press:create_from_story", args=[story.pk]), follow=True)
    assert f"đã có yêu cầu phản hồi đang xử lý: {request.reference}" in response.content.decode()
    assert PressRequest.objects.count() == 1


def test_a_story_without_a_known_outlet_goes_to_the_form_with_the_error(
    press_officer: User, stories: dict[str, Story]
) -> None:
    from lantoa.monitoring.models import Item

    story = stories["h1"]
    Item.objects.filter(story=story).update(outlet=None)
    response = client_for(press_officer).post(reverse("press:create_from_story", args=[story.pk]))
    assert response.status_code == 400
    assert "Chưa chọn cơ quan báo chí gửi yêu cầu." in response.content.decode()
    assert not PressRequest.objects.exists()


def test_the_whole_workflow_through_the_detail_page(
    press_officer: User, agency_officer: User, spokesperson_user: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    request = open_request(press_officer, outlet)
    url = reverse("press:action", args=[request.pk])
    office, agency, spokesperson = (client_for(u) for u in (press_officer, agency_officer, spokesperson_user))
    assert office.post(url, {"action": "assign", "assign-organisation": so_y_te.pk}).status_code == 302
    assert agency.post(url, {"action": "draft", "draft-answer_text": f"Trả lời {HOSTILE}"}).status_code == 302
    refused = agency.post(url, {"action": "answer", "answer-channel": "press", "answer-where": "Dân trí",
                                "answer-answered_on": "20/03/2026"})  # fmt: skip
    assert refused.status_code == 400
    assert "chưa được người đứng đầu hoặc người phát ngôn duyệt" in refused.content.decode()
    assert 'id="form-approve"' not in agency.get(reverse("press:detail", args=[request.pk])).content.decode()
    assert spokesperson.post(url, {"action": "approve"}).status_code == 302
    assert agency.post(url, {"action": "answer", "answer-channel": "press", "answer-where": "Dân trí",
                             "answer-answered_on": "20/03/2026"}).status_code == 302  # fmt: skip
    assert office.post(url, {"action": "close", "close-note": "Xong"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CLOSED and request.answered_on == date(2026, 3, 20)
    page = office.get(reverse("press:detail", args=[request.pk])).content.decode()
    assert ESCAPED in page and not unescaped(page)
    assert "Diễn biến xử lý" in page and "02/03/2026" in page and "01/04/2026" in page


def test_agencies_see_only_their_requests_leaders_read_outsiders_nothing(
    press_officer: User, agency_officer: User, leader: User, outsider: User, so_tu_phap: Organisation,
    outlet: Outlet,
) -> None:  # fmt: skip
    justice = services.do_assign(press_officer, open_request(press_officer, outlet), so_tu_phap)
    agency = client_for(agency_officer)
    assert justice.reference not in agency.get(reverse("press:list")).content.decode()
    assert agency.get(reverse("press:detail", args=[justice.pk])).status_code == 404
    assert agency.post(reverse("press:action", args=[justice.pk]), {"action": "draft"}).status_code == 404
    reader = client_for(leader)
    page = reader.get(reverse("press:detail", args=[justice.pk])).content.decode()
    assert justice.reference in page and 'id="press-actions"' not in page
    assert reader.post(reverse("press:action", args=[justice.pk]),
                       {"action": "draft", "draft-answer_text": "x"}).status_code == 403  # fmt: skip
    stranger = client_for(outsider)
    assert stranger.get(reverse("press:list")).status_code == 403
    assert stranger.get(reverse("press:detail", args=[justice.pk])).status_code == 403


def test_the_list_filters_and_its_query_count(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, outlet: Outlet,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for number in range(12):
        request = open_request(press_officer, outlet, received_on=date(2026, 3, 1 + number))
        services.do_assign(press_officer, request, so_y_te if number % 2 else so_tu_phap)
    recent = open_request(press_officer, outlet, received_on=timezone.localdate(), today=timezone.localdate())
    client = client_for(press_officer)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("press:list")).content.decode()
    assert page.count("YC-") >= 13 and ESCAPED in page and not unescaped(page)
    with django_assert_max_num_queries(10):
        overdue = client.get(reverse("press:list"), {"qua_han": "on"}).content.decode()
    assert recent.reference not in overdue and "quá hạn" in overdue
    only = client.get(reverse("press:list"), {"co_quan": so_y_te.pk, "trang_thai": "assigned"}).content.decode()
    assert only.count(so_y_te.name) >= 6 and so_tu_phap.name not in only.split("press-requests")[1]


def test_the_public_page_shows_only_published_answers_escaped(
    press_officer: User, spokesperson_user: User, so_y_te: Organisation, outlet: Outlet,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    shown = answered_request(press_officer, spokesperson_user, so_y_te, outlet)
    services.do_publish(press_officer, shown, f"Sở Y tế trả lời về giá dịch vụ {HOSTILE}", no_personal_data=True)
    hidden = answered_request(press_officer, spokesperson_user, so_y_te, outlet)
    open_request(press_officer, outlet)
    from django.test import Client

    anonymous = Client()
    with django_assert_max_num_queries(4):
        page = anonymous.get(reverse("press_public:list")).content.decode()
    assert ESCAPED in page and not unescaped(page)
    assert reverse("press_public:detail", args=[shown.pk]) in page
    detail = anonymous.get(reverse("press_public:detail", args=[shown.pk])).content.decode()
    assert "Sở trả lời: đã kiểm tra" in detail and not unescaped(detail)
    assert "123/CV-DT" not in detail and "Đề nghị Sở Y tế" not in detail  # the letter and the issue stay inside
    assert anonymous.get(reverse("press_public:detail", args=[hidden.pk])).status_code == 404


def test_report_page_and_exports_read_back(
    press_officer: User, spokesperson_user: User, so_y_te: Organisation, so_tu_phap: Organisation, outlet: Outlet
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    answered_request(press_officer, spokesperson_user, so_y_te, outlet)  # on time (20/03 ≤ 01/04)
    answered_request(press_officer, spokesperson_user, so_y_te, outlet, answered_on=date(2026, 4, 10))  # late
    services.do_assign(press_officer, open_request(press_officer, outlet), so_tu_phap)  # open, overdue
    client = client_for(press_officer)
    query = {"tu": "01/01/2026", "den": "31/12/2026"}
    page = client.get(reverse("press:report"), query).content.decode()
    assert "50%" in page and so_tu_phap.name in page

    book = load_workbook(io.BytesIO(client.get(reverse("press:report_export", args=["xlsx"]), query).content))
    rows = list(book["Theo cơ quan"].iter_rows(values_only=True))
    health = next(row for row in rows if row[0] == so_y_te.name)
    assert health[1:7] == (2, 2, 1, 50.0, 0, 0)
    overdue = list(book["Quá hạn"].iter_rows(values_only=True))
    assert overdue[2][3] == so_tu_phap.name and overdue[2][6].date() == date(2026, 4, 1)

    response = client.get(reverse("press:report_export", args=["docx"]), query)
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO TÌNH HÌNH TRẢ LỜI BÁO CHÍ" in text and "50,0%" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(cell.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for cell in cells) and so_tu_phap.name in cells
