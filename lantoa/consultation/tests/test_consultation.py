"""Consultations end to end through the services and the pages: import, publish, comment, verify (codes by real
SMTP), rate limits, near-duplicates, moderation, synthesis, documents, personal data, scope."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from lantoa.accounts.models import User
from lantoa.consultation import comments, notify, review, services
from lantoa.consultation.models import (
    Comment,
    Consultation,
    Contact,
    Moderation,
    ModerationLog,
    Phase,
    Response,
    Subscriber,
    UnitKind,
)
from lantoa.consultation.tests.drafts import letter_docx
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.testing.smtp import Mailbox

pytestmark = pytest.mark.django_db
EMAIL = "nguoi.dan@example.vn"
FORMULA = '=HYPERLINK("http://x") nên giảm chiều rộng tối thiểu'  # formula injection in a comment


def _article(consultation: Consultation, number: str) -> int:
    return int(consultation.units.get(kind=UnitKind.ARTICLE, label=f"Điều {number}").pk)


def _comment(consultation: Consultation, text: str, email: str = EMAIL, address: str = "10.0.0.1", **extra: object
             ) -> comments.Submission:  # fmt: skip
    return comments.submit(consultation, text=text, email=email, consent=True, address=address, **extra)  # type: ignore[arg-type]


def _verified(consultation: Consultation, text: str, **extra: object) -> Comment:
    submission = _comment(consultation, text, **extra)
    return comments.verify(submission.comment, submission.code)


def test_import_splits_the_draft_and_keeps_the_file(draft: Consultation) -> None:
    assert draft.title.startswith("Quyết định ban hành Quy định về quản lý vỉa hè")
    assert draft.units.filter(kind=UnitKind.ARTICLE).count() == 4
    article3 = draft.units.get(label="Điều 3")
    assert article3.parent is not None and article3.parent.label == "Mục 1"
    assert [u.label for u in draft.units.filter(parent__parent=article3)] == ["Điểm a", "Điểm b", "Điểm đ"]
    assert draft.attachments.get().kind == "draft"


def test_a_word_file_that_is_not_a_draft_is_refused_and_nothing_changes(draft: Consultation, agency_officer: User
                                                                        ) -> None:  # fmt: skip
    before = list(draft.units.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="không phải dự thảo"):
        services.do_import_draft(agency_officer, draft, "cong-van.docx", letter_docx())
    with pytest.raises(ValidationError, match="không đọc được"):
        services.do_import_draft(agency_officer, draft, "gia.docx", b"not a zip")
    assert list(draft.units.values_list("pk", flat=True)) == before


def test_a_20_mb_upload_is_refused_with_a_clear_message_and_nothing_stored(draft: Consultation,
                                                                           agency_officer: User) -> None:  # fmt: skip
    client = client_for(agency_officer)
    big = SimpleUploadedFile("lon.docx", b"0" * (20 * 1024 * 1024 + 1))
    response = client.post(reverse("consultation:import", args=[draft.pk]), {"file": big}, follow=True)
    assert "quá lớn" in response.content.decode() and "20 MB" in response.content.decode()
    big = SimpleUploadedFile("lon.pdf", b"0" * (20 * 1024 * 1024 + 1))
    client.post(reverse("consultation:attachment_add", args=[draft.pk]), {"file": big, "kind": "impact"})
    assert draft.attachments.count() == 1  # only the imported draft


def test_the_officer_corrects_the_preview_merge_split_rename(draft: Consultation, agency_officer: User) -> None:
    clause = draft.units.get(label="Khoản 2", parent__label="Điều 3")
    merged = services.do_merge_unit(agency_officer, clause)
    assert merged.label == "Điểm đ" and merged.text.endswith("\n2. Thời gian sử dụng không quá 12 tháng.")
    created = services.do_split_unit(agency_officer, merged, 2)
    assert created.text == "2. Thời gian sử dụng không quá 12 tháng." and created.kind == "point"
    services.do_edit_unit(agency_officer, created, kind="clause", label="Khoản 2", heading="",
                          text="Thời gian sử dụng không quá 12 tháng.")  # fmt: skip
    created.refresh_from_db()
    assert created.parent is not None and created.parent.label == "Điều 3"
    positions = list(draft.units.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def test_publishing_needs_a_deadline_then_the_draft_is_frozen(draft: Consultation, agency_officer: User) -> None:
    with pytest.raises(ValidationError, match="hạn góp ý"):
        services.do_advance(agency_officer, draft, Phase.OPEN)
    services.do_update(agency_officer, draft, closes_at=timezone.now() + timedelta(days=1))
    services.do_advance(agency_officer, draft, Phase.OPEN)
    with pytest.raises(ValidationError):
        services.do_edit_unit(agency_officer, draft.units.first(), kind="article", label="", heading="", text="")  # type: ignore[arg-type]


def test_scope_agency_officers_manage_their_own_leaders_read(
    draft: Consultation, press_officer: User, leader: User, so_tu_phap: object
) -> None:
    from lantoa.accounts.roles import Role
    from lantoa.testing.fixtures import make_user

    other = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    with pytest.raises(PermissionDenied):
        services.check_can_edit(other, draft)
    assert list(services.visible_to(other)) == []
    services.check_can_edit(press_officer, draft)
    services.check_can_view(leader, draft)
    with pytest.raises(PermissionDenied):
        services.check_can_edit(leader, draft)
    with pytest.raises(PermissionDenied):
        services.check_can_moderate(leader, draft)
    assert client_for(other).get(reverse("consultation:detail", args=[draft.pk])).status_code == 403


def test_a_comment_counts_only_once_verified_by_the_mailed_code(published: Consultation, smtp_server: Mailbox
                                                                ) -> None:  # fmt: skip
    client = Client()
    article3 = _article(published, "3")
    page = client.get(reverse("consultation_public:comment", args=[published.pk]) + f"?dieu={article3}")
    assert page.status_code == 200 and "Thông báo xử lý dữ liệu cá nhân" in page.content.decode()
    response = client.post(reverse("consultation_public:comment", args=[published.pk]), {
        "unit": article3, "text": f"Nên cho phép rộng 1,2 mét ở ngõ nhỏ {HOSTILE}", "name": "Trần Văn A",
        "email": EMAIL, "consent": "1", "nonce": "n1",
    })  # fmt: skip
    assert response.status_code == 302
    [mail] = smtp_server.messages
    assert mail.recipients == [EMAIL]
    code = re.search(r"\b(\d{6})\b", mail.message.get_content()).group(1)  # type: ignore[union-attr]
    assert services.article_counts(published) == {}
    detail = client.get(reverse("consultation_public:detail", args=[published.pk])).content.decode()
    assert "0 ý kiến đã được ghi nhận" in detail
    client.post(response["Location"], {"code": code})
    assert services.article_counts(published) == {article3: 1}
    detail = client.get(reverse("consultation_public:detail", args=[published.pk])).content.decode()
    assert "1 ý kiến đã được ghi nhận" in detail
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in detail and not unescaped(detail)
    assert EMAIL not in detail and "Trần Văn A" in detail
    # The same form sent again (a double click) is stored once.
    client.post(
        reverse("consultation_public:comment", args=[published.pk]),
        {"unit": article3, "text": "Nên cho phép rộng 1,2 mét", "email": EMAIL, "consent": "1", "nonce": "n1"},
    )
    assert Comment.objects.count() == 1 and len(smtp_server.messages) == 1


def test_five_wrong_codes_lock_the_verification(published: Consultation) -> None:
    submission = _comment(published, "Góp ý về phí sử dụng vỉa hè quá cao")
    wrong = "000000" if submission.code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError, match=f"Còn {left} lần"):
            comments.verify(submission.comment, wrong)
    with pytest.raises(ValidationError, match="bị khóa"):
        comments.verify(submission.comment, wrong)
    with pytest.raises(ValidationError, match="bị khóa"):
        comments.verify(submission.comment, submission.code)  # even the right code now
    assert Comment.objects.get().verified_at is None
    assert Contact.objects.get().code_hash != "" and Contact.objects.get().attempts == 5


def test_an_expired_code_is_refused(published: Consultation) -> None:
    submission = _comment(published, "Góp ý về phí sử dụng vỉa hè quá cao")
    Contact.objects.update(code_expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="hết hạn"):
        comments.verify(submission.comment, submission.code)


def test_bad_input_missing_consent_bad_email_short_text_honeypot(published: Consultation) -> None:
    with pytest.raises(ValidationError) as caught:
        comments.submit(published, text="ok", email="khong-phai-thu", consent=False)
    assert set(caught.value.message_dict) == {"text", "email", "consent"}
    with pytest.raises(ValidationError):
        _comment(published, "Một góp ý bình thường", honeypot="http://spam.example")
    assert Comment.objects.count() == 0
    response = Client().post(reverse("consultation_public:comment", args=[published.pk]), {"text": "x"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()


def test_rate_limits_per_contact_and_per_address(published: Consultation, settings: object) -> None:
    settings.CONSULTATION_RATE_PER_CONTACT_HOUR = 2  # type: ignore[attr-defined]
    settings.CONSULTATION_RATE_PER_ADDRESS_HOUR = 3  # type: ignore[attr-defined]
    _comment(published, "Góp ý thứ nhất về vỉa hè", address="10.0.0.1")
    _comment(published, "Góp ý thứ hai về vỉa hè", address="10.0.0.2")
    with pytest.raises(ValidationError, match="nhiều góp ý"):
        _comment(published, "Góp ý thứ ba về vỉa hè", address="10.0.0.3")
    _comment(published, "Góp ý khác", email="b@example.vn", address="10.0.0.9")
    _comment(published, "Góp ý khác nữa", email="c@example.vn", address="10.0.0.9")
    _comment(published, "Góp ý khác nữa nữa", email="d@example.vn", address="10.0.0.9")
    with pytest.raises(ValidationError, match="thử lại sau"):
        _comment(published, "Góp ý thứ tư từ cùng địa chỉ", email="e@example.vn", address="10.0.0.9")
    assert Comment.objects.count() == 5
    assert not Comment.objects.filter(address_hash__contains="10.0.0").exists()  # hashed, never raw


CAMPAIGN = ("Tôi đề nghị bỏ quy định thu phí sử dụng vỉa hè đối với hộ kinh doanh nhỏ vì thu nhập của chúng tôi "
            "đã giảm nhiều sau dịch bệnh và chi phí thuê mặt bằng rất cao")  # fmt: skip


def test_near_duplicates_form_one_group_counted_and_shown_as_a_group(published: Consultation) -> None:
    article4 = _article(published, "4")
    first = _verified(published, CAMPAIGN, unit_id=article4, email="a1@example.vn")
    second = _verified(published, CAMPAIGN.replace("rất cao", "quá cao"), unit_id=article4, email="a2@example.vn")
    third = _verified(published, CAMPAIGN + " ạ", unit_id=article4, email="a3@example.vn")
    other = _verified(published, "Cần quy định rõ thời gian dọn hàng vào buổi tối để người đi bộ có lối đi",
                      unit_id=article4, email="a4@example.vn")  # fmt: skip
    assert first.duplicate_of == first.pk and second.duplicate_of == first.pk and third.duplicate_of == first.pk
    assert other.duplicate_of == other.pk
    assert services.article_counts(published) == {article4: 4}  # all counted, none dropped
    queue = review.moderation_queue(published)
    assert sorted(entry.same for entry in queue) == [1, 3]


def test_moderation_prescreen_holds_toxic_comments_and_logs_every_decision(
    published: Consultation, agency_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(comments, "scores", lambda text: (0.9 if "ngu" in text else 0.1, 0.4))
    held = _verified(published, "Bọn soạn thảo ngu như bò", email="x@example.vn")
    kept = _verified(published, "Nên bổ sung quy định về lối đi cho người khuyết tật", email="y@example.vn")
    assert held.moderation == Moderation.HELD and kept.moderation == Moderation.UNREVIEWED
    assert services.counted_comments(published).count() == 1
    with pytest.raises(ValidationError, match="lý do"):
        review.do_moderate(agency_officer, kept, "hide", "")
    review.do_moderate(agency_officer, kept, "approve")
    review.do_moderate(agency_officer, held, "hide", "Xúc phạm")
    assert Comment.objects.filter(pk=held.pk).exists()  # hidden, never deleted
    log = list(ModerationLog.objects.values_list("action", "reason"))
    assert log[0][0] == "prescreen" and log[1:] == [("approve", ""), ("hide", "Xúc phạm")]
    book = load_workbook(io.BytesIO(review.moderation_log_xlsx(published)))
    rows = list(book.active.values)
    assert rows[1][:3] == ("Thời điểm", "Ý kiến số", "Góp ý cho") and len(rows) == 5
    assert rows[-1][4] == "Xúc phạm" and rows[-1][5] == agency_officer.get_full_name()


def test_the_real_classifier_scores_a_comment(published: Consultation) -> None:
    comment = _verified(published, "Đề nghị bổ sung quy định cụ thể về chiều rộng lối đi cho người đi bộ")
    assert comment.toxicity is not None and comment.constructive is not None
    assert comment.moderation == Moderation.UNREVIEWED


def test_synthesis_report_docx_and_comments_xlsx(published: Consultation, agency_officer: User) -> None:
    article3, article4 = _article(published, "3"), _article(published, "4")
    for index in range(3):
        _verified(published, CAMPAIGN, unit_id=article4, email=f"c{index}@example.vn")
    _verified(published, FORMULA, unit_id=article3, email="d@example.vn", name=HOSTILE)
    _verified(published, "Quy định chung cần rõ hơn về đối tượng áp dụng", email="e@example.vn")
    assert review.do_build_groups(agency_officer, published) == 5
    groups = list(review.groups_with_comments(published))
    assert [(g.unit_id, g.size, g.cluster is not None) for g in groups] == [
        (None, 1, False),
        (article3, 1, False),
        (article4, 3, True),
    ]
    suggestions = review.suggestions([CAMPAIGN, CAMPAIGN, "Đồng ý. " + CAMPAIGN])
    assert suggestions and suggestions[0].startswith("Tôi đề nghị bỏ quy định")
    services.do_advance(agency_officer, published, Phase.CLOSED)
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        services.do_advance(agency_officer, published, Phase.REPORTED)
    answers = {article4: (Response.ACCEPTED, "Bỏ thu phí với hộ nhỏ"), article3: (Response.EXPLAINED, "Giữ 1,5 m"),
               None: (Response.EXPLAINED, "Đã quy định tại Điều 2")}  # fmt: skip
    for group in groups:
        response, text = answers[group.unit_id]
        review.do_update_group(agency_officer, group, summary=f"Tóm tắt {group.unit_id}", response=response,
                               response_text=text)  # fmt: skip
    services.do_advance(agency_officer, published, Phase.REPORTED)
    document = Document(io.BytesIO(review.report_docx(published)))
    table = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Điều khoản", "Nội dung ý kiến", "Số ý kiến", "Tiếp thu, giải trình"]
    assert rows[3][1].startswith("Điều 4") and rows[3][3] == "3" and rows[3][4] == "Tiếp thu: Bỏ thu phí với hộ nhỏ"
    assert any("Tổng hợp, tiếp thu, giải trình ý kiến" in p.text for p in document.paragraphs)
    book = load_workbook(io.BytesIO(review.comments_xlsx(published)))
    values = [v for row in book.active.values for v in row]
    assert not any(isinstance(v, str) and "@example.vn" in v for v in values)  # no contact data
    # The comment as written (no quote added in front), stored as text: not a formula.
    (cell,) = [cell for row in book.active.iter_rows() for cell in row if cell.value == FORMULA]
    assert cell.data_type == "s"
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(review.comments_xlsx(published))).read("xl/worksheets/sheet1.xml")
    public = Client().get(reverse("consultation_public:detail", args=[published.pk])).content.decode()
    assert "Bỏ thu phí với hộ nhỏ" in public and "Tiếp thu" in public
    assert Client().get(reverse("consultation_public:report", args=[published.pk])).status_code == 200


def test_withdrawal_erases_the_contact_and_keeps_the_comment_anonymous(published: Consultation) -> None:
    comment = _verified(published, "Góp ý giữ lại ẩn danh", name="Nguyễn Văn B")
    client = Client()
    url = reverse("consultation_public:withdraw", args=[comments.withdraw_token(comment)])
    assert client.get(url).status_code == 200
    client.post(url, {"what": "contact"})
    comment.refresh_from_db()
    contact = Contact.objects.get(comment=comment)
    assert contact.email == "" and contact.erased_at is not None and comment.author_name == ""
    assert comment.counted and comment.text == "Góp ý giữ lại ẩn danh"
    client.post(url, {"what": "comment"})
    comment.refresh_from_db()
    assert not comment.counted and comment.text == ""
    assert client.get(reverse("consultation_public:withdraw", args=["gia-mao"])).status_code == 404


def test_retention_erases_old_contacts(published: Consultation, settings: object) -> None:
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    old = _verified(published, "Góp ý cũ về vỉa hè", email="cu@example.vn")
    new = _verified(published, "Góp ý mới về vỉa hè", email="moi@example.vn")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert comments.erase_expired_contacts() == 1
    assert Contact.objects.get(comment=old).email == "" and Contact.objects.get(comment=new).email == "moi@example.vn"
    assert Comment.objects.get(pk=old.pk).counted


def test_subscribers_confirm_then_get_phase_notices(published: Consultation, agency_officer: User,
                                                    smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
                                                    ) -> None:  # fmt: skip
    client = Client()
    client.post(reverse("consultation_public:subscribe", args=[published.pk]), {"email": "td@example.vn",
                                                                                "consent": "1"})  # fmt: skip
    subscriber = Subscriber.objects.get()
    link = re.search(r"http\S+/xac-nhan/", smtp_server.messages[0].message.get_content()).group(0)  # type: ignore[union-attr]
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200 and Subscriber.objects.get().confirmed_at is None
    client.post(path)
    assert Subscriber.objects.get().confirmed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.do_advance(agency_officer, published, Phase.CLOSED)  # huey runs immediately in tests
    assert "Đã hết hạn góp ý" in smtp_server.messages[-1].message.get_content()
    assert notify.token_for(subscriber) in smtp_server.messages[-1].message.get_content()


def test_large_impact_needs_all_four_criteria_and_lists_without_campaign(draft: Consultation,
                                                                          agency_officer: User) -> None:  # fmt: skip
    three = {"impact_rights": True, "impact_sensitive": True, "impact_public_concern": True}
    assert not services.do_set_large_impact(agency_officer, draft, three).large_impact
    marked = services.do_set_large_impact(agency_officer, draft, {**three, "impact_wide": True})
    assert marked.large_impact and services.large_impact_without_campaign() == [marked]
    from lantoa.campaigns.models import Campaign

    Campaign.objects.create(title="Truyền thông dự thảo", organisation=draft.organisation, consultation=draft,
                            starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))  # fmt: skip
    assert services.large_impact_without_campaign() == []


def test_close_expired_closes_at_the_deadline(published: Consultation) -> None:
    Consultation.objects.filter(pk=published.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert services.close_expired() == 1
    published.refresh_from_db()
    assert published.phase == Phase.CLOSED
    with pytest.raises(ValidationError, match="không còn nhận"):
        _comment(published, "Góp ý muộn về vỉa hè")


def test_public_pages_render_and_drafts_stay_hidden(published: Consultation, draft: Consultation) -> None:
    client = Client()
    listing = client.get(reverse("consultation_public:list")).content.decode()
    assert published.title in listing
    other = services.do_create(User.objects.get(username="can_bo_so_y_te"), title="Chưa công bố")
    assert client.get(reverse("consultation_public:detail", args=[other.pk])).status_code == 404
    assert "Chưa công bố" not in client.get(reverse("consultation_public:list")).content.decode()
    attachment = published.attachments.get()
    response = client.get(reverse("consultation_public:attachment", args=[published.pk, attachment.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
