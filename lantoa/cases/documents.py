"""The case summary sent with a referral to the provincial police: a Decree 30 report (``core.docx30``) with the
evidence, its hashes, the verification, the outcome and the actions taken.

Like the digests, the document is in Vietnamese whatever the reader's interface language: it is an official
document of a Vietnamese body, so its words are written here, not translated. Text from the case (an item's body,
officers' notes) goes into runs as plain text; python-docx escapes it, so markup stays markup-looking text.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from docx.shared import Pt

from lantoa.cases.models import Case, Outcome
from lantoa.core.docx30 import Header, OfficialDocument, Recipients, Signature

TITLES = {
    Outcome.FALSE: "BÁO CÁO VỤ VIỆC THÔNG TIN SAI SỰ THẬT",
    Outcome.MISLEADING: "BÁO CÁO VỤ VIỆC THÔNG TIN SAI LỆCH, GÂY HIỂU NHẦM",
}
OUTCOME_WORDS = {
    Outcome.FALSE: "sai sự thật",
    Outcome.MISLEADING: "sai lệch, gây hiểu nhầm",
    Outcome.TRUE: "đúng sự thật",
    Outcome.UNVERIFIABLE: "không xác minh được",
}


def police_name() -> str:
    return str(getattr(settings, "CASES_POLICE_NAME", "Công an tỉnh Thái Nguyên"))


def _when(moment: datetime | str | None) -> str:
    if moment is None or moment == "":
        return "không rõ"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} ngày {local:%d/%m/%Y}"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1048576 else f"{size / 1048576:.1f} MB"


def referral_docx(case: Case, note: str, now: datetime) -> bytes:
    evidence = case.evidence
    snapshot = evidence.snapshot
    abbreviation = settings.DIGEST_BODY_ABBREVIATION
    header = Header(
        parent_body=settings.DIGEST_PARENT_BODY, body=settings.DIGEST_BODY,
        number=f"Số:      /BC-{abbreviation}", place=settings.DIGEST_PLACE, day=timezone.localtime(now).date(),
    )  # fmt: skip
    document = OfficialDocument(
        header, TITLES.get(Outcome(case.outcome), TITLES[Outcome.FALSE]), f"Vụ việc {case.code}"
    )
    document.paragraph([("b", "Kính gửi: "), ("", police_name() + ".")], indent=False)
    document.paragraph(
        "Sở báo cáo vụ việc thông tin trên không gian mạng được phát hiện qua hệ thống theo dõi báo chí, mạng xã hội "
        "của tỉnh, đã được xác minh và kết luận như sau:"
    )

    document.heading("I. THÔNG TIN VỤ VIỆC")
    document.paragraph([("b", "Tiêu đề: "), ("", case.title)])
    document.paragraph(
        [("b", "Mở vụ việc lúc: "), ("", _when(case.opened_at)), ("", f" (lý do: {case.get_trigger_display()})")]
    )
    if case.reason:
        document.paragraph([("b", "Lý do mở: "), ("", case.reason)])

    document.heading("II. CHỨNG CỨ")
    rows = [
        ("Nguồn", snapshot.get("outlet") or snapshot.get("source") or ""),
        ("Địa chỉ (URL)", snapshot.get("url") or "không có"),
        ("Đăng lúc", _when(snapshot.get("published_at"))),
        ("Hệ thống thu thập lúc", _when(snapshot.get("ingested_at"))),
        ("Niêm phong chứng cứ lúc", _when(snapshot.get("opened_at"))),
    ]
    if snapshot.get("misinfo_risk") is not None:
        rows.append(("Điểm nguy cơ tin sai (máy chấm)", f"{snapshot['misinfo_risk']:.2f}"))
    if snapshot.get("toxicity"):
        rows.append(("Nhãn độc hại (máy gán)", str(snapshot["toxicity"])))
    document.table(["Mục", "Nội dung"], rows, [5.0, 11.0])
    document.paragraph([("b", "Nội dung thông tin: "), ("i", snapshot.get("title") or "")])
    for text in [snapshot.get("lead") or "", *(snapshot.get("body") or "").split("\n")]:
        if text.strip():
            document.paragraph([("i", text.strip())])
    document.paragraph(
        [("b", "Mã băm SHA-256 của bản chụp chứng cứ: "), ("", evidence.sha256)], indent=False, size=Pt(12)
    )
    attachments = list(case.attachments.all())
    if attachments:
        document.paragraph("Tệp đính kèm (ảnh chụp màn hình, tài liệu), mỗi tệp kèm mã băm SHA-256:")
        document.table(
            ["Tệp", "Loại, kích thước", "SHA-256"],
            [(a.original_name, f"{a.content_type}, {_size(a.size)}", a.sha256) for a in attachments],
            [4.5, 3.5, 8.0],
        )
    document.paragraph(
        "Bản chụp chứng cứ là văn bản JSON chuẩn hóa (khóa sắp xếp, không khoảng trắng thừa, mã UTF-8); "
        "tính lại SHA-256 của bản chụp và của từng tệp sẽ được đúng các mã băm trên nếu chứng cứ còn nguyên vẹn."
    )

    document.heading("III. KẾT QUẢ XÁC MINH")
    verifications = list(case.verifications.select_related("author"))
    for number, verification in enumerate(verifications, 1):
        author = verification.author.get_full_name() if verification.author else ""
        document.paragraph([("b", f"{number}. {_when(verification.at)}"), ("", f" ({author}): " if author else ": "),
                            ("", verification.note)])  # fmt: skip
        for source in verification.sources:
            document.paragraph(f"- Nguồn đối chiếu: {source}")
    if not verifications:
        document.paragraph("Chưa có.")

    document.heading("IV. KẾT LUẬN")
    document.paragraph([("", "Thông tin nêu trên là "), ("b", OUTCOME_WORDS[Outcome(case.outcome)]), ("", ".")])
    if case.outcome_note:
        document.paragraph([("b", "Căn cứ: "), ("", case.outcome_note)])

    document.heading("V. CÁC BIỆN PHÁP ĐÃ THỰC HIỆN")
    actions = 0
    for correction in case.corrections.all():
        actions += 1
        document.paragraph(f"- Đăng thông tin cải chính trên {correction.channel} lúc {_when(correction.published_at)}"
                           f"{f' ({correction.url})' if correction.url else ''}: {correction.text}")  # fmt: skip
    for request in case.platform_requests.all():
        actions += 1
        reply = f" Phản hồi ({_when(request.replied_at)}): {request.reply}" if request.reply else " Chưa có phản hồi."
        document.paragraph(f"- Đề nghị {request.get_platform_display()} lúc {_when(request.sent_at)}: "
                           f"{request.request}.{reply}")  # fmt: skip
    if not actions:
        document.paragraph("Chưa có.")

    document.heading("VI. ĐỀ NGHỊ")
    document.paragraph(
        note
        or f"Đề nghị {police_name()} xem xét, xử lý theo thẩm quyền đối với hành vi đưa thông tin sai sự thật "
        "trên không gian mạng."
    )
    document.closing(
        Recipients(
            [f"- {police_name()};", "- UBND tỉnh (b/c);", "- Giám đốc Sở (b/c);", f"- Lưu: VT, {abbreviation}."]
        ),
        Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC"),
    )
    return document.to_bytes()
