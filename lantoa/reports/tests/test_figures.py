"""The key requirement: the quarterly report's Word document, read back, states the figures the database holds.

Every expected number below is a direct ORM count written here, from the definitions in doc/reports.md, not by
calling ``lantoa.reports.sources``; the data (conftest) has records just outside the quarter and records that must
not count in every domain.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db.models import Q, Sum
from django.utils import timezone
from docx import Document
from docx.table import Table

from lantoa.accounts.models import User
from lantoa.briefings.models import Briefing
from lantoa.campaigns.models import Campaign, ContentItem, Output, PublicationRecord
from lantoa.consultation.models import Comment, Consultation, SynthesisGroup
from lantoa.digests.models import Digest
from lantoa.monitoring.models import Item, Story
from lantoa.org.models import Organisation, Person
from lantoa.plans.models import Occurrence, TrainingAttendee, TrainingSession
from lantoa.press.models import PressRequest
from lantoa.reports import services
from lantoa.reports.periods import Period

pytestmark = pytest.mark.django_db

Q3 = Period("quarter", 2026, 3)
FIRST, LAST = date(2026, 7, 1), date(2026, 9, 30)


def local(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


START, END = local(FIRST), local(date(2026, 10, 1))


def vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class ReadBack:
    """The document as a reader sees it: paragraphs, and tables found by their first heading."""

    def __init__(self, data: bytes) -> None:
        self.document = Document(io.BytesIO(data))
        self.paragraphs = [paragraph.text for paragraph in self.document.paragraphs]
        self.text = "\n".join(self.paragraphs)

    def table(self, first_heading: str) -> Table:
        found = [t for t in self.document.tables if t.rows and t.rows[0].cells[0].text == first_heading]
        assert len(found) == 1, f"{len(found)} tables headed {first_heading!r}"
        return found[0]

    def rows(self, first_heading: str) -> dict[str, list[str]]:
        """{first cell: the other cells} of each body row."""
        table = self.table(first_heading)
        return {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows[1:]}


@pytest.fixture
def read_back(quarter_data: User) -> ReadBack:
    report = services.do_create_draft(quarter_data, Q3)
    return ReadBack(services.docx_bytes(report))


def test_the_header_title_and_addressees(read_back: ReadBack) -> None:
    header = read_back.document.tables[0]
    assert header.cell(0, 0).text.split("\n") == ["UBND TỈNH THÁI NGUYÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert header.cell(1, 0).text.startswith("Số:") and header.cell(1, 0).text.endswith("/BC-SVHTTDL")
    assert "BÁO CÁO KẾT QUẢ CÔNG TÁC THÔNG TIN, TUYÊN TRUYỀN CHÍNH SÁCH QUÝ III NĂM 2026" in read_back.paragraphs
    assert "Kính gửi: Ủy ban nhân dân tỉnh; Bộ Văn hóa, Thể thao và Du lịch." in read_back.paragraphs
    headings = [p for p in read_back.paragraphs if p.startswith(("I. ", "II. ", "III. "))]
    assert headings == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ"]
    closing = read_back.document.tables[-1].cell(0, 0).text
    assert "Nơi nhận:" in closing and "Ủy ban nhân dân tỉnh (b/c)" in closing and "Bộ Văn hóa" in closing
    assert len(read_back.document.inline_shapes) == 1  # the monthly chart


def test_monitoring_per_month_by_polarity_and_sector(read_back: ReadBack) -> None:
    rows = read_back.rows("Tháng")
    counted = Item.objects.filter(relevant=True).exclude(status__in=["pending", "quarantined"])
    total = {"items": 0, "stories": 0, "pos": 0, "neu": 0, "neg": 0, "": 0}
    for month in (7, 8, 9):
        start, end = local(date(2026, month, 1)), local(date(2026, month + 1, 1))
        items = counted.filter(published_at__gte=start, published_at__lt=end)
        stories = Story.objects.filter(relevant=True, first_published_at__gte=start, first_published_at__lt=end)
        expected = {"items": items.count(), "stories": stories.count(), "pos": items.filter(polarity="pos").count(),
                    "neu": items.filter(polarity="neu").count(), "neg": items.filter(polarity="neg").count(),
                    "": items.filter(polarity="").count()}  # fmt: skip
        assert rows[f"Tháng {month}/2026"] == [
            vn(expected[key]) for key in ("items", "stories", "pos", "neu", "neg", "")
        ]
        for key, value in expected.items():
            total[key] += value
    assert rows["Cộng"] == [vn(total[key]) for key in ("items", "stories", "pos", "neu", "neg", "")]
    # The data: 5 items in the quarter (two copies of one story in July, 23:30 on 30/09 local time included).
    assert total["items"] == 5 and total["neg"] == 1 and total[""] == 1
    sectors = read_back.rows("Lĩnh vực (nhiều tin nhất)")
    in_quarter = counted.filter(published_at__gte=START, published_at__lt=END)
    assert sectors["Nông nghiệp, môi trường"] == [vn(in_quarter.filter(sector="agriculture-environment").count())]
    assert sectors["Giáo dục"] == [vn(in_quarter.filter(sector="education").count())]
    assert sectors["Cộng"] == [vn(in_quarter.count())]
    assert f"ghi nhận {vn(in_quarter.count())} tin, bài liên quan đến tỉnh" in read_back.text


def test_digests_issued(read_back: ReadBack) -> None:
    issued = Digest.objects.filter(status="issued", day__gte=FIRST, day__lte=LAST)
    rows = read_back.rows("Loại điểm tin")
    assert rows["Điểm tin ngày"] == [vn(issued.filter(period="day").count())]
    assert rows["Điểm tin tuần"] == [vn(issued.filter(period="week").count())]
    assert rows["Cộng"] == [vn(issued.count())] == ["3"]


def test_press_requests_on_time_overall_and_per_organisation(read_back: ReadBack) -> None:
    rows = read_back.rows("Cơ quan chủ trì")
    received = PressRequest.objects.filter(received_on__gte=FIRST, received_on__lte=LAST)

    def expected(requests: Any) -> list[str]:
        answered = requests.filter(status__in=["answered", "closed"], answered_on__isnull=False)
        on_time = sum(1 for r in answered if r.answered_on <= r.legal_deadline)
        rate = f"{100 * on_time / answered.count():.1f}%".replace(".", ",") if answered.count() else "—"
        open_ = requests.filter(status__in=["received", "assigned", "drafting", "approved"]).count()
        return [vn(requests.count()), vn(answered.count()), vn(on_time), rate, vn(open_)]

    for code in ("so-y-te", "so-tu-phap"):
        organisation = Organisation.objects.get(code=code)
        assert rows[organisation.name] == expected(received.filter(organisation=organisation))
    assert rows["Tổng cộng"] == expected(received) == ["4", "3", "2", "66,7%", "1"]
    assert "trong đó 2 yêu cầu trả lời đúng hạn (tỷ lệ 66,7%)" in read_back.text


def test_spokesperson_coverage(read_back: ReadBack) -> None:
    rows = read_back.rows("Loại cơ quan")
    stale_before = timezone.localdate() - timedelta(days=365)
    for kind, label in (("department", "Sở, ban, ngành tỉnh"), ("commune", "UBND xã, phường")):
        organisations = Organisation.objects.filter(kind=kind, is_active=True)
        speakers = Person.objects.filter(is_active=True, is_spokesperson=True, organisation__in=organisations)
        covered = speakers.values("organisation").distinct().count()
        stale = (
            speakers.filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=stale_before) | Q(phone="") | Q(email=""))
            .values("organisation").distinct().count()
        )  # fmt: skip
        total = organisations.count()
        rate = f"{round(100 * covered / total, 1):.1f}%".replace(".", ",")
        assert rows[label] == [vn(total), vn(covered), vn(total - covered), vn(stale), rate]
    assert rows["UBND xã, phường"][0] == "92"


def test_consultations_and_comments(read_back: ReadBack) -> None:
    rows = read_back.rows("Lấy ý kiến dự thảo")
    reported = Consultation.objects.filter(reported_at__gte=START, reported_at__lt=END)
    groups = SynthesisGroup.objects.filter(consultation__in=reported)
    comments = Comment.objects.filter(verified_at__gte=START, verified_at__lt=END, withdrawn_at__isnull=True,
                                      moderation__in=["unreviewed", "approved"])  # fmt: skip
    expected = {
        "Dự thảo đưa ra lấy ý kiến nhân dân": Consultation.objects.filter(
            published_at__gte=START, published_at__lt=END
        ),
        "Dự thảo hết hạn góp ý": Consultation.objects.filter(closed_at__gte=START, closed_at__lt=END),
        "Ý kiến góp ý đã xác nhận (được tính)": comments,
        "Dự thảo đã công bố báo cáo tiếp thu, giải trình": reported,
        "Nhóm ý kiến được tiếp thu": groups.filter(response="accepted"),
        "Nhóm ý kiến được giải trình": groups.filter(response="explained"),
    }
    for label, queryset in expected.items():
        assert rows[label] == [vn(queryset.count())], label
    assert [rows[label][0] for label in expected] == ["2", "1", "3", "1", "2", "1"]


def test_campaigns_channels_and_outputs(read_back: ReadBack) -> None:
    rows = read_back.rows("Kênh")
    published = PublicationRecord.objects.filter(status="published", published_at__gte=START, published_at__lt=END)
    for channel, label in (
        ("facebook", "Facebook"),
        ("radio", "Đài truyền thanh cấp xã"),
        ("leaflet", "Tờ rơi, tờ gấp"),
    ):
        records = published.filter(channel=channel)
        sums = records.aggregate(
            *(Sum(name) for name in ("views", "likes", "shares", "listeners", "copies", "attendees"))
        )
        value = {key.split("__")[0]: sums[key] or 0 for key in sums}
        assert rows[label] == [vn(records.count()), vn(value["views"]), vn(value["likes"] + value["shares"]),
                               vn(value["listeners"]), vn(value["copies"]), vn(value["attendees"])], label  # fmt: skip
    assert rows["Facebook"][:3] == ["2", "13.300", "345"]
    assert rows["Cộng"][0] == vn(published.count())
    running = Campaign.objects.filter(starts_on__lte=LAST, ends_on__gte=FIRST).count()
    first_published = ContentItem.objects.filter(published_at__gte=START, published_at__lt=END).count()
    assert f"Triển khai {running} chiến dịch truyền thông; {first_published} nội dung" in read_back.text
    outputs = read_back.rows("Sản phẩm truyền thông đã sản xuất")
    made = Output.objects.filter(created_at__gte=START, created_at__lt=END)
    assert outputs["Bản tin phát thanh (âm thanh)"] == [vn(made.filter(kind="radio_wav").count())]
    assert outputs["Kịch bản phát thanh"] == [vn(made.filter(kind="radio_script").count())]
    assert outputs["Trang trình chiếu màn hình LED"] == [vn(made.filter(kind="led_png").count())] == ["2"]
    assert outputs["Tờ gấp"] == [vn(made.filter(kind="leaflet_pdf").count())] == ["1"]


def test_tasks_per_organisation(read_back: ReadBack) -> None:
    rows = read_back.rows("Cơ quan, đơn vị")
    today = timezone.localdate()
    due = Occurrence.objects.filter(assignment__task__plan__year=2026, due_on__gte=FIRST, due_on__lte=LAST)

    def expected(occurrences: Any) -> list[str]:
        done = occurrences.filter(status="done")
        done_late = sum(1 for o in done if o.completed_on > o.due_on)
        late = occurrences.exclude(status="done").filter(due_on__lt=today).count()
        return [vn(occurrences.count()), vn(done.count()), vn(done.count() - done_late), vn(done_late), vn(late)]

    assert rows["Sở Y tế"] == expected(due.filter(assignment__organisation__code="so-y-te"))
    assert rows["Sở Y tế"][1:4] == ["2", "1", "1"]
    assert rows["Sở Tư pháp"] == expected(due.filter(assignment__organisation__code="so-tu-phap"))
    assert rows["Tổng cộng"] == expected(due)


def test_training_and_briefings(read_back: ReadBack) -> None:
    rows = read_back.rows("Tập huấn, bồi dưỡng")
    sessions = TrainingSession.objects.filter(held_on__gte=FIRST, held_on__lte=LAST)
    present = TrainingAttendee.objects.filter(session__in=sessions, attendance="present")
    held = sessions.filter(id__in=present.values("session_id")).count()
    assert rows["Lớp tập huấn, bồi dưỡng đã tổ chức"] == [vn(held)] == ["1"]
    assert rows["Lượt học viên có mặt"] == [vn(present.count())]
    assert rows["Số người được tập huấn"] == [vn(present.values("person_id").distinct().count())]
    absent = TrainingAttendee.objects.filter(session__in=sessions, attendance="absent").count()
    assert rows["Lượt vắng mặt"] == [vn(absent)]
    rows = read_back.rows("Giao ban, họp báo")
    held_briefings = Briefing.objects.filter(status="held", starts_at__gte=START, starts_at__lt=END)
    conferences = held_briefings.filter(kind="conference")
    assert rows["Họp báo định kỳ của UBND tỉnh"] == ["1", vn(conferences.filter(host__kind="province").count())]
    assert rows["Họp báo của các cơ quan, đơn vị khác"] == ["—", vn(conferences.exclude(host__kind="province").count())]
    assert rows["Giao ban báo chí"] == ["—", vn(held_briefings.filter(kind="briefing").count())] == ["—", "2"]
    assert "Chưa tổ chức họp báo định kỳ" not in read_back.text  # Q3 had its conference
