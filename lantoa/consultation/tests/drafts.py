"""Constructed drafts for the tests: the text of a real-looking provincial decision with its attached regulation,
as a paragraph list and as a Word file built with python-docx."""

from __future__ import annotations

import io

from docx import Document

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH THÁI NGUYÊN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:      /2026/QĐ-UBND",
    "Thái Nguyên, ngày      tháng      năm 2026",
    "DỰ THẢO",
    "QUYẾT ĐỊNH",
    "Ban hành Quy định về quản lý vỉa hè và lòng đường trên địa bàn tỉnh Thái Nguyên",
    "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
    "Theo đề nghị của Giám đốc Sở Xây dựng.",
    "QUYẾT ĐỊNH:",
]
BODY = [
    ("Chương I", True),
    ("QUY ĐỊNH CHUNG", True),
    ("Điều 1. Phạm vi điều chỉnh", True),
    ("Quy định này quy định về quản lý, sử dụng tạm thời một phần vỉa hè, lòng đường.", False),
    ("Điều 2. Đối tượng áp dụng", True),
    ("1. Cơ quan, tổ chức, cá nhân có liên quan đến việc quản lý vỉa hè.", False),
    ("2. Hộ kinh doanh sử dụng tạm thời vỉa hè.", False),
    ("Chương II", True),
    ("QUY ĐỊNH CỤ THỂ", True),
    ("Mục 1. SỬ DỤNG VỈA HÈ", True),
    ("Điều 3. Sử dụng tạm thời vỉa hè để kinh doanh", True),
    ("1. Vỉa hè được sử dụng tạm thời khi bảo đảm các điều kiện sau:", False),
    ("a) Phần vỉa hè còn lại dành cho người đi bộ rộng tối thiểu 1,5 mét;", False),
    ("b) Không sử dụng vỉa hè trước cửa trường học, bệnh viện;", False),
    ("đ) Có giấy phép của Ủy ban nhân dân xã, phường.", False),
    ("2. Thời gian sử dụng không quá 12 tháng.", False),
    ("Điều 4. Phí sử dụng", True),
    ("Mức phí do Hội đồng nhân dân tỉnh quyết định./.", False),
]
CLOSING = ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def draft_docx(header: list[str] = HEADER, body: list[tuple[str, bool]] = BODY, closing: list[str] = CLOSING) -> bytes:
    document = Document()
    for line in header:
        document.add_paragraph(line)
    for line, bold in body:
        document.add_paragraph().add_run(line).bold = bold
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(closing[0])
    for line in closing[1:3]:
        left.add_paragraph(line)
    right.paragraphs[0].add_run(closing[3])
    for line in closing[4:]:
        right.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_docx() -> bytes:
    """A Word file that is not a draft: a letter with numbered paragraphs and no article."""
    document = Document()
    for line in ("Kính gửi: Sở Xây dựng", "1. Đề nghị báo cáo tình hình.", "2. Hạn gửi trước ngày 15."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
