"""Digests: content and order, the review workflow, numbering, mailing, the documents read back, the command."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.digests import content, render, services, tasks
from lantoa.digests.models import Digest, DigestStatus, Subscription
from lantoa.digests.tests.conftest import DAY
from lantoa.monitoring.models import Story
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.testing.smtp import Mailbox

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(os.environ.get("LANTOA_TEST_ARTIFACTS", "test-results")) / "digests"


def test_the_period_ends_at_the_scheduled_hour_local_time() -> None:
    start, end = content.period_bounds("day", DAY)
    assert (f"{start.isoformat()}", f"{end.isoformat()}") == ("2025-08-15T06:30:00+07:00", "2025-08-16T06:30:00+07:00")
    week_start, week_end = content.period_bounds("week", date(2025, 8, 18))
    assert week_end - week_start == timedelta(days=7) and week_end.hour == 7


def test_negative_stories_come_first_then_sectors_with_counts_against_the_day_before(
    news_day: dict[str, Story],
) -> None:
    data = content.collect("day", DAY)
    sections = [(entry.section, entry.story_id) for entry in data.entries]
    assert sections == [
        ("attention", news_day["f1"].pk),
        ("agriculture-environment", news_day["a1"].pk),
        ("education", news_day["s1"].pk),
    ]
    first = data.entries[1]
    assert first.outlet_name == "Báo Thái Nguyên" and first.other_outlets == 1  # the VnExpress copy
    assert first.summary.startswith("Sáng 15/8, UBND tỉnh Thái Nguyên") and len(first.summary) <= content.SUMMARY_CHARS
    assert "Sở Nông nghiệp và Môi trường" in first.agencies
    assert first.communes and all(name.startswith(("Xã", "Phường")) for name in first.communes)
    # The previous 24 h held one story: the fire of 14/08 (negative).
    assert data.stats["stories"] == 3 and data.stats["previous_stories"] == 1
    assert {row["key"]: (row["count"], row["previous"]) for row in data.stats["polarity"]} == {
        "neg": (1, 1),
        "pos": (2, 0),
    }


def test_a_sector_is_capped_and_the_rest_counted(news_day: dict[str, Story], settings: object) -> None:
    settings.DIGEST_STORIES_PER_SECTOR = 1  # type: ignore[attr-defined]
    Story.objects.filter(pk=news_day["s1"].pk).update(outlet_count=0)
    from lantoa.monitoring.models import Item

    Item.objects.filter(key="id:s1").update(sector="agriculture-environment")
    data = content.collect("day", DAY)
    assert [entry.story_id for entry in data.entries] == [news_day["f1"].pk, news_day["a1"].pk]
    assert data.stats["omitted"] == {"agriculture-environment": 1}
    text = _docx_text(render.docx_bytes(render.from_data(data)))
    assert "Và 1 tin khác trong lĩnh vực này" in text


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_review_then_issue_numbers_archives_and_mails(
    news_day: dict[str, Story], press_officer: User, smtp_server: Mailbox, django_capture_on_commit_callbacks: object
) -> None:
    Subscription.objects.create(email="lanhdao@thainguyen.gov.vn", daily=True, weekly=False)
    Subscription.objects.create(email="tuan-only@thainguyen.gov.vn", daily=False, weekly=True)
    digest = services.do_create_draft(press_officer, "day", DAY)
    assert services.do_create_draft(press_officer, "day", DAY) == digest  # one per period and date
    entries = list(digest.entries.order_by("position"))
    services.do_update_entry(press_officer, entries[2], excluded=True)
    services.do_update_entry(press_officer, entries[1], note=f"Đề nghị Sở NN&MT nắm thông tin {HOSTILE}")
    services.do_set_note(press_officer, digest, "Điểm tin phục vụ giao ban sáng thứ Bảy.")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        digest = services.do_issue(press_officer, digest)
    assert (digest.status, digest.number, digest.year) == (DigestStatus.ISSUED, 1, 2025)
    with pytest.raises(Exception, match="đã phát hành"):
        services.do_update_entry(press_officer, entries[0], excluded=True)
    # The next digest of the year gets the next number; another year starts again at 01.
    assert (
        services.do_issue(press_officer, services.do_create_draft(press_officer, "week", date(2025, 8, 18))).number == 2
    )
    assert (
        services.do_issue(press_officer, services.do_create_draft(press_officer, "day", date(2026, 1, 2))).number == 1
    )
    # Mailed after the commit (huey runs immediately in tests) to the daily subscriber only.
    daily = [received for received in smtp_server.messages if "01/ĐT-" in str(received.message["Subject"])]
    assert [received.recipients for received in daily] == [["lanhdao@thainguyen.gov.vn"]]
    message = daily[0].message
    names = sorted(part.get_filename() for part in message.iter_attachments())
    assert names == ["diem-tin-day-2025-08-16.docx", "diem-tin-day-2025-08-16.pdf"]
    attached = next(part for part in message.iter_attachments() if part.get_filename().endswith(".docx"))
    text = _docx_text(attached.get_content())
    assert "Số: 01/ĐT-SVHTTDL" in text and "Đề nghị Sở NN&MT nắm thông tin" in text
    assert "Thái Nguyên khai giảng năm học mới" not in text  # dropped by the officer
    assert Digest.objects.get(pk=digest.pk).sent_count == 1
    actions = set(AuditEvent.objects.filter(action__startswith="digests.").values_list("action", flat=True))
    assert {"digests.digest.draft", "digests.entry.update", "digests.digest.issue", "digests.digest.send"} <= actions


def test_the_word_document_follows_decree_30(news_day: dict[str, Story]) -> None:
    data = render.docx_bytes(render.from_data(content.collect("week", date(2025, 8, 18))))
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    header = document.tables[0]
    assert header.cell(0, 0).text.split("\n") == ["UBND TỈNH THÁI NGUYÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert header.cell(0, 1).text.split("\n") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).text.startswith("Số:") and header.cell(1, 0).text.endswith("/ĐT-SVHTTDL")
    date_run = header.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.text == "Thái Nguyên, ngày 18 tháng 08 năm 2025" and date_run.italic
    title = next(p for p in document.paragraphs if p.text.startswith("ĐIỂM TIN"))
    assert title.text == "ĐIỂM TIN BÁO CHÍ TUẦN" and title.runs[0].bold
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    sizes = {(run.font.size or normal.size).pt for run in runs}
    fonts = {run.font.name or normal.name for run in runs}
    assert fonts == {"Times New Roman"} and min(sizes) >= 11 and max(sizes) <= 14 and 14 in sizes
    body = [p for p in document.paragraphs if p.text.startswith("Sáng 15/8")]
    assert body and body[0].paragraph_format.first_line_indent is not None
    assert "Nơi nhận:" in document.tables[-1].cell(0, 0).text
    assert len(document.inline_shapes) == 1  # the weekly chart (PNG)
    assert HOSTILE in _docx_text(data)  # text, not markup: Word shows it literally


def test_the_pdf_has_every_vietnamese_letter_and_a_page_image(news_day: dict[str, Story]) -> None:
    pdf = render.pdf_bytes(render.from_data(content.collect("day", DAY)))
    document = pdfium.PdfDocument(pdf)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for phrase in ("ĐIỂM TIN BÁO CHÍ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Sạt lở đất ở Phú Bình", "Nơi nhận"):
        assert phrase in " ".join(text.split()), phrase
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = document[0].render(scale=1.5).to_pil()
    image.save(ARTIFACTS / "daily-page-1.png")
    # Not a blank page: enough dark pixels for a page of text.
    dark = sum(image.convert("L").histogram()[:128])
    assert dark > 20_000


def test_the_command_writes_each_format_and_reports_bad_input(news_day: dict[str, Story], tmp_path: Path) -> None:
    for fmt in ("docx", "pdf", "html"):
        target = tmp_path / f"d.{fmt}"
        call_command("digest", "--period", "day", "--date", "2025-08-16", "-o", str(target))
        assert target.stat().st_size > 1000
    assert "Sạt lở đất ở Phú Bình" in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert not unescaped((tmp_path / "d.html").read_text(encoding="utf-8"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("digest", "--date", "16/08/2025", "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="unknown format"):
        call_command("digest", "--date", "2025-08-16", "-o", str(tmp_path / "x.odt"))
    with pytest.raises(CommandError, match="no issued day digest"):
        call_command("digest", "--date", "2025-08-16", "--issued", "-o", str(tmp_path / "x.docx"))
    assert not Digest.objects.exists()  # a preview writes nothing


def test_the_schedule_drafts_and_auto_issue_mails(
    news_day: dict[str, Story],
    settings: object,
    smtp_server: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: DAY)
    draft = tasks.scheduled_digest("day")
    assert draft is not None and draft.status == DigestStatus.DRAFT and draft.created_by is None
    Digest.objects.all().delete()
    settings.DIGEST_AUTO_ISSUE = True  # type: ignore[attr-defined]
    Subscription.objects.create(email="truc@thainguyen.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        issued = tasks.scheduled_digest("day")
    assert issued is not None and issued.status == DigestStatus.ISSUED and issued.number == 1
    assert [received.recipients for received in smtp_server.messages] == [["truc@thainguyen.gov.vn"]]


def test_pages_per_persona(
    news_day: dict[str, Story], press_officer: User, leader: User, outsider: User,
    django_assert_max_num_queries: object,
) -> None:  # fmt: skip
    officer = client_for(press_officer)
    response = officer.post(reverse("digests:create"), {"ky": "day", "ngay": "16/08/2025"})
    digest = Digest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("digests:detail", args=[digest.pk])
    page = officer.get(reverse("digests:detail", args=[digest.pk])).content.decode()
    assert "Rà soát dự thảo" in page and not unescaped(page) and "&lt;script&gt;" in page
    entry = digest.entries.order_by("position").first()
    assert entry is not None
    officer.post(reverse("digests:edit", args=[digest.pk]), {"action": "exclude", "entry": entry.pk})
    entry.refresh_from_db()
    assert entry.excluded
    bad = officer.post(reverse("digests:create"), {"ky": "day", "ngay": "31/02/2025"}, follow=True)
    assert "dd/mm/yyyy" in bad.content.decode()
    # A leader reads issued digests only; a draft is refused.
    reader = client_for(leader)
    assert reader.get(reverse("digests:detail", args=[digest.pk])).status_code == 403
    assert reader.post(reverse("digests:edit", args=[digest.pk]), {"action": "issue"}).status_code == 403
    officer.post(reverse("digests:edit", args=[digest.pk]), {"action": "issue"})
    assert reader.get(reverse("digests:detail", args=[digest.pk])).status_code == 200
    docx = reader.get(reverse("digests:download", args=[digest.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('.docx"')
    for day in range(1, 25):
        services.do_issue(press_officer, services.do_create_draft(press_officer, "day", date(2025, 9, day)))
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        listing = reader.get(reverse("digests:list"))
    assert listing.status_code == 200 and len(listing.context["page"]) == 25
    assert client_for(outsider).get(reverse("digests:list")).status_code == 403
    assert Client().get(reverse("digests:list")).status_code == 302  # to the login page


def test_subscriptions_are_managed_by_the_press_office(press_officer: User, leader: User) -> None:
    officer = client_for(press_officer)
    officer.post(reverse("digests:subscriptions"), {"email": "Ban.TuyenGiao@ThaiNguyen.gov.vn", "daily": "1"})
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.daily, subscription.weekly) == (
        "ban.tuyengiao@thainguyen.gov.vn",
        True,
        False,
    )
    duplicate = officer.post(
        reverse("digests:subscriptions"), {"email": "ban.tuyengiao@thainguyen.gov.vn"}, follow=True
    )
    assert "đã tồn tại" in duplicate.content.decode() or "already exists" in duplicate.content.decode()
    invalid = officer.post(reverse("digests:subscriptions"), {"email": "khong-phai-thu"}, follow=True)
    assert Subscription.objects.count() == 1 and invalid.status_code == 200
    assert client_for(leader).get(reverse("digests:subscriptions")).status_code == 403
    officer.post(reverse("digests:subscription_delete", args=[subscription.pk]))
    assert not Subscription.objects.exists()
