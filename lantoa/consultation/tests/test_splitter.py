"""The splitter on constructed drafts: hierarchy, titles on their own line, preamble, closing, not-a-draft."""

from __future__ import annotations

import pytest

from lantoa.consultation import splitter
from lantoa.consultation.splitter import NotADraftError, Paragraph
from lantoa.consultation.tests.drafts import BODY, CLOSING, HEADER, draft_docx, letter_docx


def _paragraphs() -> list[Paragraph]:
    return [
        *(Paragraph(line) for line in HEADER),
        *(Paragraph(line, bold=bold) for line, bold in BODY),
        *(Paragraph(line) for line in CLOSING),
    ]


def test_units_in_order_with_their_labels_and_headings() -> None:
    draft = splitter.split(_paragraphs())
    labels = [(unit.kind, unit.label, unit.heading) for unit in draft.units]
    assert labels == [
        ("preamble", "", ""),
        ("chapter", "Chương I", "QUY ĐỊNH CHUNG"),
        ("article", "Điều 1", "Phạm vi điều chỉnh"),
        ("article", "Điều 2", "Đối tượng áp dụng"),
        ("clause", "Khoản 1", ""),
        ("clause", "Khoản 2", ""),
        ("chapter", "Chương II", "QUY ĐỊNH CỤ THỂ"),
        ("section", "Mục 1", "SỬ DỤNG VỈA HÈ"),
        ("article", "Điều 3", "Sử dụng tạm thời vỉa hè để kinh doanh"),
        ("clause", "Khoản 1", ""),
        ("point", "Điểm a", ""),
        ("point", "Điểm b", ""),
        ("point", "Điểm đ", ""),
        ("clause", "Khoản 2", ""),
        ("article", "Điều 4", "Phí sử dụng"),
        ("closing", "", ""),
    ]
    assert draft.article_count == 4
    assert draft.title == "Quyết định ban hành Quy định về quản lý vỉa hè và lòng đường trên địa bàn tỉnh Thái Nguyên"
    preamble, closing = draft.units[0], draft.units[-1]
    assert preamble.lines[-1] == "QUYẾT ĐỊNH:" and any(line.startswith("Căn cứ Luật") for line in preamble.lines)
    assert closing.lines == CLOSING
    assert draft.units[1].lines == [] and draft.units[2].text.startswith("Quy định này")
    assert draft.units[10].text == "Phần vỉa hè còn lại dành cho người đi bộ rộng tối thiểu 1,5 mét;"
    assert draft.units[14].text == "Mức phí do Hội đồng nhân dân tỉnh quyết định./."


def test_parents_follow_the_hierarchy() -> None:
    draft = splitter.split(_paragraphs())
    parents = splitter.parents([unit.kind for unit in draft.units])
    assert parents == [None, None, 1, 1, 3, 3, None, 6, 7, 8, 9, 9, 9, 8, 7, None]


def test_variants_article_with_colon_chapter_title_inline_and_text_after_the_last_article() -> None:
    draft = splitter.split(
        [
            Paragraph("Chương 1. Những quy định chung"),
            Paragraph("Điều 1: Giải thích từ ngữ"),
            Paragraph("Trong Quy định này, các từ ngữ dưới đây được hiểu như sau:"),
            Paragraph("1.  Vỉa hè là  phần đường đô thị."),
            Paragraph("Điều 2 Hiệu lực"),
            Paragraph("Quyết định có hiệu lực từ ngày ký./."),
            Paragraph("Chủ tịch Ủy ban nhân dân các xã chịu trách nhiệm thi hành."),
        ]
    )
    assert [(u.kind, u.label, u.heading) for u in draft.units] == [
        ("chapter", "Chương 1", "Những quy định chung"),
        ("article", "Điều 1", "Giải thích từ ngữ"),
        ("clause", "Khoản 1", ""),
        ("article", "Điều 2", "Hiệu lực"),
        ("closing", "", ""),
    ]
    assert draft.units[2].text == "Vỉa hè là phần đường đô thị."  # whitespace tidied


def test_numbered_lines_outside_an_article_are_not_clauses() -> None:
    draft = splitter.split([Paragraph("1. Căn cứ pháp lý"), Paragraph("Điều 1. Một"), Paragraph("Nội dung.")])
    assert [unit.kind for unit in draft.units] == ["preamble", "article"]


def test_a_text_without_articles_is_not_a_draft() -> None:
    with pytest.raises(NotADraftError):
        splitter.split([Paragraph("Kính gửi: Sở Xây dựng"), Paragraph("1. Đề nghị báo cáo.")])
    with pytest.raises(NotADraftError):
        splitter.split([])
    with pytest.raises(NotADraftError):
        splitter.split(splitter.docx_paragraphs(letter_docx()))


def test_a_word_file_reads_back_the_same_units_including_the_signature_table() -> None:
    paragraphs = splitter.docx_paragraphs(draft_docx())
    assert Paragraph("Điều 1. Phạm vi điều chỉnh", "Normal", True) in paragraphs
    draft = splitter.split(paragraphs)
    assert [u.label for u in draft.units] == [u.label for u in splitter.split(_paragraphs()).units]
    assert draft.units[-1].lines == CLOSING


def test_bytes_that_are_not_a_word_file_raise_value_error() -> None:
    with pytest.raises(ValueError, match=r"not a \.docx"):
        splitter.docx_paragraphs(b"%PDF-1.7 not a zip")
