"""The minutes (biên bản) of a briefing or press conference as a Decree 30 Word document: time and place,
participants (organisations, journalists and outlets), agenda, the journalists' questions with the organisation
assigned and its answer, and the conclusion."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from lantoa.briefings.models import Briefing, BriefingKind
from lantoa.core import docx30


def minutes_title(briefing: Briefing) -> str:
    return "BIÊN BẢN HỌP BÁO" if briefing.kind == BriefingKind.CONFERENCE else "BIÊN BẢN GIAO BAN BÁO CHÍ"


def minutes_docx(briefing: Briefing) -> bytes:
    starts = timezone.localtime(briefing.starts_at)
    header = docx30.Header(
        parent_body=getattr(settings, "DIGEST_PARENT_BODY", "UBND TỈNH THÁI NGUYÊN"),
        body=getattr(settings, "DIGEST_BODY", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
        number=f"Số:      /BB-{getattr(settings, 'DIGEST_BODY_ABBREVIATION', 'SVHTTDL')}",
        place=getattr(settings, "DIGEST_PLACE", "Thái Nguyên"),
        day=starts.date(),
    )
    document = docx30.OfficialDocument(header, minutes_title(briefing), briefing.title)
    document.heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    document.paragraph(f"Thời gian: {starts:%H giờ %M} ngày {starts:%d/%m/%Y}. Địa điểm: {briefing.place}.")
    document.paragraph(
        f"Cơ quan chủ trì: {briefing.host.name}." + (f" Chủ trì: {briefing.chair}." if briefing.chair else "")
    )
    document.heading("II. THÀNH PHẦN THAM DỰ")
    organisations = [org.name for org in briefing.organisations.all()]
    document.paragraph([("b", "Cơ quan, đơn vị: "), ("", "; ".join(organisations) or "không ghi nhận")])
    journalists = list(briefing.journalists.select_related("outlet"))
    if journalists:
        document.paragraph([("b", "Phóng viên, nhà báo:")], indent=False)
        document.table(
            ["TT", "Họ và tên", "Cơ quan báo chí"],
            [[str(n), j.full_name, j.outlet_label] for n, j in enumerate(journalists, 1)],
            [1.0, 6.5, 8.5],
        )
    else:
        document.paragraph([("b", "Phóng viên, nhà báo: "), ("", "không ghi nhận")])
    document.heading("III. NỘI DUNG")
    for number, item in enumerate(briefing.agenda.select_related("presenter"), 1):
        presenter = f" ({item.presenter.name} trình bày)" if item.presenter else ""
        document.paragraph(f"{number}. {item.title}{presenter}")
    document.heading("IV. CÂU HỎI CỦA NHÀ BÁO VÀ TRẢ LỜI")
    questions = list(briefing.questions.select_related("assigned_to").order_by("submitted_at", "id"))
    if not questions:
        document.paragraph("Không có câu hỏi.")
    for number, question in enumerate(questions, 1):
        document.paragraph(
            [("b", f"Câu hỏi {number} "), ("i", f"({question.journalist_name}, {question.outlet_name}): "),
             ("", question.text)]
        )  # fmt: skip
        who = question.assigned_to.name if question.assigned_to else "chưa giao"
        answer = question.answer or "Chưa trả lời; cơ quan được giao trả lời bằng văn bản sau buổi giao ban."
        document.paragraph([("b", f"Trả lời ({who}): "), ("", answer)])
    if briefing.conclusion:
        document.heading("V. KẾT LUẬN")
        document.paragraph(briefing.conclusion)
    document.closing(
        docx30.Recipients(["- UBND tỉnh (b/c);", "- Các cơ quan tham dự;", "- Lưu: VT."]),
        docx30.Signature(authority="", title="CHỦ TRÌ", name=briefing.chair),
    )
    return document.to_bytes()
