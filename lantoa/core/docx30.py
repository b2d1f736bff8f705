"""Word documents in the format of Decree 30/2020/NĐ-CP, Annex I (administrative documents).

What the annex fixes and this module applies: A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times
New Roman; the issuing body on the left (parent body above, body in bold with a short line under it), the national
name (size 13, bold, capitals) and the motto (size 14, bold, a line under it) on the right; "Số: …" size 13 and the
place and date in italics; body 14 pt, first-line indent 1.27 cm, 6 pt after each paragraph, line spacing 1.15;
"Nơi nhận:" bottom left (12 pt bold italic, recipients 11 pt), the signature block bottom right.

Every document the platform produces (digests, answers to the press, reports) is built with ``OfficialDocument`` so
that they all look the same and a clerk does not have to retype them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_SIZE = Pt(14)


def vietnamese_date_line(place: str, day: date) -> str:
    """ "Thái Nguyên, ngày 05 tháng 12 năm 2025": days and months below 10 get a leading 0 (Annex I)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@dataclass
class Header:
    parent_body: str  # "UBND TỈNH THÁI NGUYÊN"
    body: str  # "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    number: str  # "Số: 05/ĐT-SVHTTDL" (empty number: "Số:      /ĐT-SVHTTDL" for a draft)
    place: str  # "Thái Nguyên"
    day: date


@dataclass
class Signature:
    authority: str = ""  # "KT. GIÁM ĐỐC" / "TL. GIÁM ĐỐC" …; empty for none
    title: str = ""  # "PHÓ GIÁM ĐỐC"
    name: str = ""


@dataclass
class Recipients:
    lines: Sequence[str] = field(default_factory=list)  # "- UBND tỉnh (b/c);" …, the last one "- Lưu: VT, …"


def _run_font(run: Run, size: Pt, *, bold: bool = False, italic: bool = False) -> None:
    """Only what differs from the Normal style (Times New Roman 14) is written on the run: a digest has thousands
    of runs and python-docx spends its time on each property set."""
    if size != BODY_SIZE:
        run.font.size = size
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


def _bottom_border(paragraph: Paragraph) -> None:
    """A short rule under a paragraph (the line under the motto and under the issuing body)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


class OfficialDocument:
    """A Decree 30 document under construction; ``to_bytes()`` gives the .docx."""

    def __init__(self, header: Header, title: str, subtitle: str = "") -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = BODY_SIZE
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        self._header(header)
        self._centered(title, Pt(14), bold=True, space_before=12)
        if subtitle:
            self._centered(subtitle, Pt(14), bold=True, space_after=12)

    def _header(self, header: Header) -> None:
        table = self.document.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(6.5), Cm(10.0))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        left, right = table.rows[0].cells
        self._cell_line(left, header.parent_body, Pt(13), first=True)
        body = self._cell_line(left, header.body, Pt(13), bold=True)
        _bottom_border(body)
        self._cell_line(right, NATIONAL_NAME, Pt(12), bold=True, first=True)
        motto = self._cell_line(right, MOTTO, Pt(14), bold=True)
        _bottom_border(motto)
        number_cell, date_cell = table.rows[1].cells
        self._cell_line(number_cell, header.number, Pt(13), first=True)
        self._cell_line(date_cell, vietnamese_date_line(header.place, header.day), Pt(14), italic=True, first=True)

    @staticmethod
    def _cell_line(
        cell: _Cell, text: str, size: Pt, *, bold: bool = False, italic: bool = False, first: bool = False
    ) -> Paragraph:
        paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run_font(paragraph.add_run(text), size, bold=bold, italic=italic)
        return paragraph

    def _centered(
        self, text: str, size: Pt, *, bold: bool = False, space_before: int = 0, space_after: int = 6
    ) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.space_after = Pt(space_after)
        _run_font(paragraph.add_run(text), size, bold=bold)

    def heading(self, text: str) -> None:
        """A section heading inside the body: bold, no indent."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.keep_with_next = True
        _run_font(paragraph.add_run(text), BODY_SIZE, bold=True)

    def paragraph(self, parts: Sequence[tuple[str, str]] | str, *, indent: bool = True, size: Pt = BODY_SIZE) -> None:
        """A body paragraph (justified, first-line indent 1.27 cm, 6 pt after). ``parts``: text, or (style, text)
        pairs where style is "", "b", "i" or "bi"."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout = paragraph.paragraph_format
        layout.first_line_indent = Cm(1.27) if indent else None
        layout.space_after = Pt(6)
        layout.line_spacing = 1.15
        for style, text in [("", parts)] if isinstance(parts, str) else parts:
            _run_font(paragraph.add_run(text), size, bold="b" in style, italic="i" in style)

    def picture(self, png: bytes, width_cm: float = 15.0) -> None:
        self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float]) -> None:
        table = self.document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text, width in zip(table.rows[0].cells, headings, widths_cm, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run_font(paragraph.add_run(text), Pt(12), bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, text, width in zip(cells, values, widths_cm, strict=True):
                cell.width = Cm(width)
                _run_font(cell.paragraphs[0].add_run(text), Pt(12))
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)

    def closing(self, recipients: Recipients, signature: Signature) -> None:
        """The "Nơi nhận" block (left) and the signature block (right), side by side as Annex I draws them."""
        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        left.width, right.width = Cm(8.0), Cm(8.5)
        first = left.paragraphs[0]
        first.paragraph_format.space_after = Pt(0)
        _run_font(first.add_run("Nơi nhận:"), Pt(12), bold=True, italic=True)
        for line in recipients.lines:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            _run_font(paragraph.add_run(line), Pt(11))
        lines = [(signature.authority, True), (signature.title, True), ("", False), ("", False), ("", False)]
        lines.append((signature.name, True))
        paragraph = right.paragraphs[0]
        for index, (text, bold) in enumerate(lines):
            if index:
                paragraph = right.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            if text:
                _run_font(paragraph.add_run(text), Pt(14), bold=bold)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
