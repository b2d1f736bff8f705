"""Case pages: who sees a case (404 otherwise), the triage list, the item page's button, escaping, query counts,
and the referral document read back with python-docx."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from lantoa.accounts.models import User
from lantoa.cases import integrity, services
from lantoa.cases.models import Case, Outcome, Platform
from lantoa.monitoring.models import Item
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


@pytest.fixture
def case(items: dict[str, Item], press_officer: User) -> Case:
    """The toxic comment: no agency attached, so only the press office sees it until someone is added."""
    return services.do_open_case(press_officer, items["toxic"], f"Lý do {HOSTILE}")


def _sees(user: User, case: Case) -> bool:
    client = client_for(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    listed = case.code in client.get(reverse("cases:list")).content.decode()
    assert response.status_code in (200, 404)
    assert listed == (response.status_code == 200)
    return response.status_code == 200


def test_a_leader_sees_a_case_only_once_added_to_its_team(case: Case, press_officer: User, leader: User) -> None:
    assert not _sees(leader, case)
    assert client_for(leader).post(reverse("cases:action", args=[case.pk]), {"action": "integrity"}).status_code == 404
    services.do_add_member(press_officer, case, leader)
    assert _sees(leader, case)
    page = client_for(leader).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="outcome-form"' not in page and 'id="verification-form"' not in page  # read only
    services.do_remove_member(press_officer, case, leader)
    assert not _sees(leader, case)


def test_an_agency_officer_sees_a_case_once_their_organisation_is_involved(
    case: Case, press_officer: User, agency_officer: User, spokesperson_user: User, so_tu_phap: Organisation
) -> None:
    services.do_add_organisation(press_officer, case, so_tu_phap)  # another department: still hidden
    assert not _sees(agency_officer, case) and not _sees(spokesperson_user, case)
    services.do_add_organisation(press_officer, case, Organisation.objects.get(code="so-y-te"))
    assert _sees(agency_officer, case) and _sees(spokesperson_user, case)
    page = client_for(agency_officer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="verification-form"' in page and 'id="outcome-form"' not in page


def test_press_officers_and_administrators_see_every_case_and_outsiders_none(
    case: Case, admin_user: User, outsider: User, leader: User
) -> None:
    assert _sees(admin_user, case)
    assert not _sees(outsider, case)
    # An outsider cannot be put on a team; even a membership row written behind the services shows nothing.
    case.members.create(user=outsider)
    assert not _sees(outsider, case)
    assert client_for(outsider).get(reverse("cases:open", args=[case.item_id])).status_code == 403
    assert client_for(leader).get(reverse("cases:open", args=[case.item_id])).status_code == 403


def test_the_item_page_offers_to_open_a_case_to_those_who_may(
    items: dict[str, Item], press_officer: User, leader: User
) -> None:
    flagged = client_for(press_officer).get(reverse("monitoring:item_detail", args=[items["rumour"].pk]))
    assert '<button type="submit">⚠ Mở vụ việc</button>' in flagged.content.decode()  # prominent
    clean = client_for(press_officer).get(reverse("monitoring:item_detail", args=[items["clean"].pk]))
    assert '<button type="submit" class="secondary">Mở vụ việc</button>' in clean.content.decode()
    hidden = client_for(leader).get(reverse("monitoring:item_detail", args=[items["rumour"].pk]))
    assert hidden.status_code == 200 and "Mở vụ việc" not in hidden.content.decode()


def test_opening_through_the_pages(items: dict[str, Item], press_officer: User) -> None:
    client = client_for(press_officer)
    url = reverse("cases:open", args=[items["rumour"].pk])
    form = client.get(url).content.decode()
    assert "niêm phong bằng mã băm SHA-256" in form and ESCAPED in form and not unescaped(form)
    response = client.post(url, {"reason": "Lan truyền nhanh", "title": ""})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    again = client.get(url).content.decode()
    assert f"Tin này đã có vụ việc đang xử lý: {case.code}." in again


def test_the_triage_list_shows_recent_flagged_items_not_yet_in_a_case(
    items: dict[str, Item], press_officer: User, leader: User
) -> None:
    assert {item.key for item in services.triage_items()} == {"id:rumour", "id:toxic"}  # not clean, not 20 days old
    case = services.do_open_case(press_officer, items["rumour"])
    assert [item.key for item in services.triage_items()] == ["id:toxic"]
    # Another copy of a story already in a case is not triaged again.
    Item.objects.filter(pk=items["toxic"].pk).update(story=items["rumour"].story)
    assert list(services.triage_items()) == []
    Item.objects.filter(pk=items["toxic"].pk).update(story=None, published_at=timezone.now() - timedelta(days=8))
    assert list(services.triage_items()) == []
    Item.objects.filter(pk=items["toxic"].pk).update(published_at=timezone.now() - timedelta(hours=1))
    page = client_for(press_officer).get(reverse("cases:list")).content.decode()
    assert 'id="triage"' in page and "Bình luận xúc phạm cán bộ xã" in page and "Thù ghét" in page
    assert reverse("cases:open", args=[items["toxic"].pk]) in page and case.code in page
    assert 'id="triage"' not in client_for(leader).get(reverse("cases:list")).content.decode()


def test_text_fields_are_escaped_in_the_pages(case: Case, press_officer: User) -> None:
    services.do_add_verification(press_officer, case, f"Ghi chú {HOSTILE}", [f"https://example.vn/?q={HOSTILE}"])
    page = client_for(press_officer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert not unescaped(page) and page.count(ESCAPED) >= 3  # the reason, the note, the timeline


def test_list_and_detail_pages_take_a_bounded_number_of_queries(
    items: dict[str, Item], press_officer: User, django_assert_max_num_queries: object
) -> None:
    opened = [services.do_open_case(press_officer, items[key]) for key in ("rumour", "toxic", "clean", "old")]
    for case in opened:
        services.do_add_verification(press_officer, case, "Đã xác minh.", ["https://a.vn"])
    client = client_for(press_officer)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("cases:list")).status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("cases:list") + "?da_dong=1").status_code == 200
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get(reverse("cases:detail", args=[opened[0].pk])).status_code == 200


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_referral_document_reads_back_with_the_evidence_and_hashes(
    items: dict[str, Item], press_officer: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantoa.cases.tests.conftest import png_bytes

    client = client_for(press_officer)
    case = services.do_open_case(press_officer, items["rumour"], "Lan truyền nhanh")
    attachment = services.do_add_attachment(press_officer, case, SimpleUploadedFile("anh.png", png_bytes()))
    url = reverse("cases:action", args=[case.pk])
    client.post(url, {"action": "verification", "note": f"Chủ đập xác nhận an toàn {HOSTILE}",
                      "sources": "https://thainguyen.gov.vn/tb\nCông văn 45/TĐ"})  # fmt: skip
    client.post(url, {"action": "outcome", "outcome": Outcome.FALSE, "note": "Không có sự cố nào."})
    client.post(url, {"action": "platform", "platform": Platform.FACEBOOK, "request": "Gỡ bài viết",
                      "sent_at": "02/09/2025 08:30"})  # fmt: skip
    assert client.post(url, {"action": "refer", "note": ""}).status_code == 302
    case.refresh_from_db()
    response = client.get(reverse("cases:referral", args=[case.pk]))
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert integrity.sha256_hex(data) == case.referral.sha256
    text = _docx_text(data)
    for expected in (
        "UBND TỈNH THÁI NGUYÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:      /BC-SVHTTDL", "BÁO CÁO VỤ VIỆC THÔNG TIN SAI SỰ THẬT", f"Vụ việc {case.code}",
        "Kính gửi: Công an tỉnh Thái Nguyên.", "https://facebook.com/groups/thainguyen/posts/1",
        case.evidence.sha256, attachment.sha256, "Công văn 45/TĐ", f"Chủ đập xác nhận an toàn {HOSTILE}",
        "Thông tin nêu trên là sai sự thật.", "Đề nghị Facebook lúc 08 giờ 30 ngày 02/09/2025: Gỡ bài viết.",
        "Nơi nhận:", "- Công an tỉnh Thái Nguyên;", "KT. GIÁM ĐỐC",
    ):  # fmt: skip
        assert expected in text, expected
    assert f"Đập thủy điện sắp vỡ {HOSTILE}" in text  # markup kept as text, not interpreted
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert case.referral.sha256 in page and reverse("cases:referral", args=[case.pk]) in page


def test_invalid_input_and_forbidden_steps_are_explained_on_the_page(case: Case, press_officer: User) -> None:
    client = client_for(press_officer)
    url = reverse("cases:action", args=[case.pk])
    closing = client.post(url, {"action": "close", "note": ""}, follow=True).content.decode()
    assert "Vụ việc chưa có kết luận, không đóng được." in closing
    services.do_add_verification(press_officer, case, "Đã xác minh.")
    services.do_set_outcome(press_officer, case, Outcome.TRUE, "Đúng.")
    referring = client.post(url, {"action": "refer", "note": ""}, follow=True).content.decode()
    assert "Chỉ chuyển Công an tỉnh khi đã kết luận thông tin là sai sự thật hoặc gây hiểu nhầm." in referring
    invalid = {"action": "platform", "platform": "facebook", "request": "Gỡ", "sent_at": "31/02/2025"}
    response = client.post(url, invalid)
    assert response.status_code == 400 and "Thông tin nhập chưa hợp lệ" in response.content.decode()
    assert not case.platform_requests.exists()
