"""Constructed drafts for the tests: the text of a real-looking provincial decision with its attached regulation,
as a paragraph list and as a Word file built with python-docx."""

from __future__ import annotations

import io

from docx import Document

from lantoa.consultation.demo import BODY, CLOSING, HEADER


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
