"""Pages: personas and scope, query counts on lists, escaping, the token never shown, feeds, results import."""

from __future__ import annotations

from datetime import date

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.campaigns import publishing, services
from lantoa.campaigns.models import ApprovalChain, Campaign, ContentItem, ItemStatus, PublicationRecord
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text
TOKEN = "EAAB-bi-mat-khong-duoc-hien-9f8e7d"


def test_list_and_detail_by_persona(
    item: ContentItem, press_officer: User, agency_officer: User, leader: User, so_tu_phap: Organisation,
    outsider: User,
) -> None:  # fmt: skip
    campaign = item.campaign
    for user in (press_officer, agency_officer, leader):
        page = client_for(user).get(reverse("campaigns:list"))
        assert page.status_code == 200 and "Tiêm chủng mở rộng" in page.content.decode()
        assert client_for(user).get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
        assert client_for(user).get(reverse("campaigns:item", args=[item.pk])).status_code == 200
    # A leader reads; the form to add a campaign or content is not there.
    body = client_for(leader).get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'id="them-noi-dung"' not in body
    assert client_for(outsider).get(reverse("campaigns:list")).status_code == 403
    from lantoa.accounts.roles import Role
    from lantoa.testing.fixtures import make_user

    other = make_user("cb_tp", [Role.AGENCY_OFFICER], "so-tu-phap")
    listing = client_for(other).get(reverse("campaigns:list")).content.decode()
    assert "Tiêm chủng mở rộng" not in listing
    assert client_for(other).get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 403
    assert client_for(other).get(reverse("campaigns:item", args=[item.pk])).status_code == 403


def test_markup_is_escaped_everywhere(item: ContentItem, agency_officer: User) -> None:
    client = client_for(agency_officer)
    for url in (reverse("campaigns:list"), reverse("campaigns:detail", args=[item.campaign.pk]),
                reverse("campaigns:item", args=[item.pk])):  # fmt: skip
        body = client.get(url).content.decode()
        assert not unescaped(body) and ESCAPED in body, url


def test_list_views_use_a_bounded_number_of_queries(
    agency_officer: User, so_y_te: Organisation, django_assert_max_num_queries: object
) -> None:
    for n in range(12):
        campaign = services.do_create_campaign(agency_officer, so_y_te, title=f"Chiến dịch {n}",
                                               starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1))  # fmt: skip
        for m in range(3):
            services.do_create_item(agency_officer, campaign, title=f"Tin {m}", body="Nội dung",
                                    variants=[services.VariantText("radio", "Bản tin", "Kịch bản")])  # fmt: skip
    client = client_for(agency_officer)
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        assert client.get(reverse("campaigns:list")).status_code == 200
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200


def test_create_campaign_and_item_through_the_pages(agency_officer: User, so_y_te: Organisation) -> None:
    client = client_for(agency_officer)
    answer = client.post(reverse("campaigns:list"), {
        "title": "Chuyển đổi số y tế", "organisation": so_y_te.pk, "starts_on": "01/04/2026", "ends_on": "30/06/2026",
        "channels": ["facebook", "led"],
    })  # fmt: skip
    campaign = Campaign.objects.get(title="Chuyển đổi số y tế")
    assert answer.status_code == 302 and campaign.channels == ["facebook", "led"]
    bad = client.post(reverse("campaigns:list"), {"title": "X", "organisation": so_y_te.pk, "starts_on": "30/06/2026",
                                                  "ends_on": "01/04/2026"})  # fmt: skip
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()
    fields = {"title": "Đặt lịch khám trực tuyến", "body": "Từ 01/4, đặt lịch qua ứng dụng."}
    client.post(reverse("campaigns:item_create", args=[campaign.pk]), fields)
    item = ContentItem.objects.get(campaign=campaign)
    over = client.post(reverse("campaigns:item_action", args=[item.pk]),
                       {"action": "variant", "channel": "tiktok", "body": "x" * 2201}, follow=True)  # fmt: skip
    assert "TikTok: nội dung dài 2201 ký tự, vượt giới hạn 2200 ký tự." in over.content.decode()


def test_an_approver_outside_the_chain_sees_a_clear_refusal(
    item: ContentItem, chain: ApprovalChain, agency_officer: User, press_officer: User
) -> None:
    services.do_submit(agency_officer, item)
    page = client_for(press_officer).post(reverse("campaigns:item_action", args=[item.pk]), {"action": "approve"},
                                          follow=True)  # fmt: skip
    assert "không phải người duyệt ở bước hiện tại" in page.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED and item.current_step == 1


def test_the_token_is_never_shown(agency_officer: User, so_y_te: Organisation, approved: ContentItem) -> None:
    client = client_for(agency_officer)
    client.post(reverse("campaigns:credentials"), {"organisation": so_y_te.pk, "platform": "facebook",
                                                  "account_id": "1234567890", "token": TOKEN})  # fmt: skip
    page = client.get(reverse("campaigns:credentials")).content.decode()
    assert "1234567890" in page and TOKEN not in page and "đã lưu" in page
    # Updating without a token keeps it.
    client.post(reverse("campaigns:credentials"), {"organisation": so_y_te.pk, "platform": "facebook",
                                                  "account_id": "1234567890"})  # fmt: skip
    from lantoa.campaigns.models import PlatformCredential

    assert PlatformCredential.objects.get().token == TOKEN
    assert TOKEN not in repr(PlatformCredential.objects.get())
    client.post(reverse("campaigns:item_action", args=[approved.pk]), {"action": "dry_run", "channel": "facebook"})
    record = PublicationRecord.objects.get()
    assert TOKEN not in str(record.request) and record.request["headers"]["Authorization"] == "***"
    item_page = client.get(reverse("campaigns:item", args=[approved.pk])).content.decode()
    assert TOKEN not in item_page
    from lantoa.audit.models import AuditEvent

    assert not any(TOKEN in f"{e.changes} {e.summary}" for e in AuditEvent.objects.all())


def test_feeds_carry_only_published_items_escaped(
    approved: ContentItem, item: ContentItem, agency_officer: User, campaign: Campaign, client: object
) -> None:
    draft = services.do_create_item(agency_officer, campaign, title="Bản nháp chưa duyệt", body="Không được lộ")
    publishing.do_mark_published(agency_officer, approved, "portal", url="https://thainguyen.gov.vn/tin/1")
    # An edit after publication is a draft: the feed keeps the published text.
    services.do_edit_item(agency_officer, approved, title="Sửa đổi chưa duyệt", body="Chưa duyệt")
    for name, args in (("atom", []), ("rss", []), ("org_atom", ["so-y-te"]), ("org_rss", ["so-y-te"])):
        answer = client.get(reverse(f"campaigns_public:{name}", args=args))  # type: ignore[attr-defined]
        text = answer.content.decode()
        assert answer.status_code == 200
        parsed = feedparser.parse(answer.content)
        assert not parsed.bozo, parsed.bozo_exception  # well-formed
        assert [entry.title for entry in parsed.entries] == [f"Tiêm vắc xin sởi miễn phí {HOSTILE}"]
        assert "Tiêm vắc xin sởi miễn phí" in text and not unescaped(text) and "&lt;script&gt;" in text
        assert "Bản nháp chưa duyệt" not in text and "Sửa đổi chưa duyệt" not in text and draft.pk
    other = client.get(reverse("campaigns_public:org_atom", args=["so-tu-phap"])).content.decode()  # type: ignore[attr-defined]
    assert "Tiêm vắc xin" not in other
    public = client.get(reverse("campaigns_public:item", args=[approved.pk]))  # type: ignore[attr-defined]
    assert public.status_code == 200 and ESCAPED in public.content.decode()
    assert client.get(reverse("campaigns_public:item", args=[draft.pk])).status_code == 404  # type: ignore[attr-defined]


CSV_OK = (
    "noi_dung,kenh,ngay_dang,noi_dang,lien_ket,views,likes,shares,listeners,copies,attendees\n"
    "{pk},facebook,03/03/2026,Trang Sở Y tế,https://www.facebook.com/soyte/posts/9,12.500,300,45,,,\n"
    "{pk},radio,04/03/2026,Đài xã Phú Bình,,,,,2000,,\n"
)


def test_results_import_and_totals(approved: ContentItem, agency_officer: User) -> None:
    report = publishing.do_import_results(agency_officer, approved.campaign, CSV_OK.format(pk=approved.pk).encode())
    assert (report.created, report.updated) == (2, 0)
    totals = {row["channel"]: row for row in publishing.totals_by_channel(approved.campaign)}
    assert totals["facebook"]["views"] == 12500 and totals["radio"]["listeners"] == 2000
    again = publishing.do_import_results(agency_officer, approved.campaign,
                                         CSV_OK.format(pk=approved.pk).replace("12.500", "13000").encode())  # fmt: skip
    assert (again.created, again.updated) == (1, 1)  # the row with a link updates; the radio row has none
    approved.refresh_from_db()
    assert approved.status == ItemStatus.PUBLISHED


@pytest.mark.parametrize(
    ("row", "message"),
    [("999,facebook,,,,1,,,,,", "Dòng 3: không có nội dung số “999”"),
     ("{pk},fax,,,,1,,,,,", "Dòng 3: kênh “fax” không hợp lệ"),
     ("{pk},facebook,2026-03-01,,,1,,,,,", "Dòng 3: ngày “2026-03-01” phải theo dạng dd/mm/yyyy"),
     ("{pk},facebook,,,,-5,,,,,", "Dòng 3: lượt xem phải là số nguyên không âm"),
     ("{pk},facebook,,,javascript:alert(1),1,,,,,", "Dòng 3: Liên kết không hợp lệ")],
)  # fmt: skip
def test_a_bad_csv_row_stores_nothing(approved: ContentItem, agency_officer: User, row: str, message: str) -> None:
    data = CSV_OK.splitlines()[0] + "\n" + CSV_OK.splitlines()[1] + "\n" + row + "\n"
    with pytest.raises(ValidationError) as caught:
        publishing.do_import_results(agency_officer, approved.campaign, data.format(pk=approved.pk).encode())
    assert any(message in text for text in caught.value.messages), caught.value.messages
    assert PublicationRecord.objects.count() == 0


def test_results_import_page_reports_errors(approved: ContentItem, agency_officer: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ket-qua.csv", b"noi_dung,kenh\nabc,facebook\n", content_type="text/csv")
    page = client_for(agency_officer).post(reverse("campaigns:results_import", args=[approved.campaign.pk]),
                                           {"file": upload}, follow=True)  # fmt: skip
    assert "Dòng 2: không có nội dung số “abc”" in page.content.decode()
    assert PublicationRecord.objects.count() == 0
