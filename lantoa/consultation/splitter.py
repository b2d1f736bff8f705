"""Split the text of a Vietnamese draft legal document into its units: Chương / Mục / Điều / Khoản / Điểm.

Pure Python, no Django: the input is the document's paragraphs (text, plus the style name and whether the paragraph
is bold, which Word files carry and plain text does not), the output the units in reading order with their depth.
The officer corrects the result before it is published, so the rules are the common drafting conventions
(Decree 34/2016, Law on Promulgation of Legal Documents), not every variant:

- "Chương I" / "Chương 2" (title on the same line or on the next one, usually in capitals or bold);
- "Mục 1" (same);
- "Điều 3. Tên điều" (also "Điều 3:" and "Điều 3 Tên" in old drafts);
- inside an article: numbered clauses "1.", "2." (Khoản) and lettered points "a)", "b)", "đ)" (Điểm);
- everything before the first chapter or article is the preamble (bodies, number, title, "Căn cứ …", "Theo đề
  nghị …", "QUYẾT ĐỊNH:"); a block starting with "Nơi nhận:" or a signing authority ("TM.", "KT.", …), or following
  a line ending "./.", is a closing block. An attached regulation after a decision's closing starts new units.

A document without a single "Điều" is not a draft: :class:`NotADraftError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("preamble", "chapter", "section", "article", "clause", "point", "closing")
# Depth in the hierarchy; preamble and closing sit at the top like chapters.
DEPTH = {"preamble": 0, "chapter": 0, "section": 1, "article": 2, "clause": 3, "point": 4, "closing": 0}

_CHAPTER = re.compile(r"^Chương\s+([IVXLCDM]+|\d+)\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^Mục\s+(\d+)\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^Điều\s+(\d+[a-z]?)\s*[.:\-–]?\s*(.*)$")
_CLAUSE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
_CLOSING = re.compile(r"^(Nơi nhận\s*:|TM\.\s|KT\.\s|TL\.\s|TUQ\.\s|Q\.\s)")
_TITLE_WORDS = ("LUẬT", "NGHỊ ĐỊNH", "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "THÔNG TƯ", "QUY ĐỊNH", "CHỈ THỊ", "PHÁP LỆNH")


# A draft's Word file holds a few MB of XML and some pictures; an upload (at most 20 MB) that unpacks to more than
# this is a zip bomb, refused before python-docx reads its parts into memory.
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024


class NotADraftError(ValueError):
    """The text has no article ("Điều …"): not a draft legal document."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""
    bold: bool = False


@dataclass
class Unit:
    kind: str
    label: str = ""  # "Chương I", "Mục 1", "Điều 3", "Khoản 2", "Điểm a"
    number: str = ""  # "I", "1", "3", "2", "a"
    heading: str = ""  # the article's or chapter's name
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def depth(self) -> int:
        return DEPTH[self.kind]


@dataclass
class Draft:
    title: str
    units: list[Unit]

    @property
    def article_count(self) -> int:
        return sum(1 for unit in self.units if unit.kind == "article")


def _is_title_line(paragraph: Paragraph) -> bool:
    """A chapter's or section's name on its own line: capitals or bold, not a marker itself."""
    text = paragraph.text
    if _ARTICLE.match(text) or _CHAPTER.match(text) or _SECTION.match(text) or _CLAUSE.match(text):
        return False
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and (paragraph.bold or "heading" in paragraph.style.lower() or text.upper() == text)


def _document_title(preamble: Sequence[str]) -> str:
    """ "QUYẾT ĐỊNH" + "Ban hành Quy định …": the document kind in capitals and the line after it."""
    for index, line in enumerate(preamble):
        if line.rstrip(":") in _TITLE_WORDS and not line.endswith(":"):
            subject = preamble[index + 1] if index + 1 < len(preamble) else ""
            if subject and not subject.startswith(("Căn cứ", "Theo đề nghị")):
                return f"{line.capitalize()} {subject[0].lower()}{subject[1:]}"
            return line.capitalize()
    return ""


def split(paragraphs: Iterable[Paragraph]) -> Draft:
    """The units of a draft, in reading order. Raises :class:`NotADraftError` when there is no article."""
    items = [Paragraph(" ".join(p.text.split()), p.style, p.bold) for p in paragraphs]
    items = [p for p in items if p.text]
    units: list[Unit] = []
    current: Unit | None = None
    awaiting_title: Unit | None = None  # a chapter or section whose name may follow on the next line
    in_article = False
    closed = False  # after "./." or a signature block, until the next chapter or article
    for paragraph in items:
        text = paragraph.text
        if awaiting_title is not None and not awaiting_title.heading and _is_title_line(paragraph):
            awaiting_title.heading = text
            awaiting_title = None
            continue
        awaiting_title = None
        if match := _CHAPTER.match(text):
            current = Unit("chapter", f"Chương {match[1]}", match[1], match[2])
            awaiting_title = current
            in_article = closed = False
        elif match := _SECTION.match(text):
            current = Unit("section", f"Mục {match[1]}", match[1], match[2])
            awaiting_title = current
            in_article = closed = False
        elif match := _ARTICLE.match(text):
            current = Unit("article", f"Điều {match[1]}", match[1], match[2])
            in_article, closed = True, False
        elif (closed or _CLOSING.match(text)) and units:
            if current is None or current.kind != "closing":
                current = Unit("closing")
                units.append(current)
            current.lines.append(text)
            in_article = False
            continue
        elif in_article and (match := _CLAUSE.match(text)):
            current = Unit("clause", f"Khoản {match[1]}", match[1], lines=[match[2]])
        elif in_article and (match := _POINT.match(text)):
            current = Unit("point", f"Điểm {match[1]}", match[1], lines=[match[2]])
        else:
            if current is None:
                current = Unit("preamble")
                units.append(current)
            current.lines.append(text)
            if in_article and text.endswith("./."):
                closed = True
            continue
        units.append(current)
        if current.lines and current.lines[-1].endswith("./."):
            closed = True
    if not any(unit.kind == "article" for unit in units):
        raise NotADraftError("no article")
    preamble = units[0].lines if units and units[0].kind == "preamble" else []
    return Draft(_document_title(preamble), units)


def parents(kinds: Sequence[str]) -> list[int | None]:
    """For units in reading order, the index of each one's parent (the nearest earlier unit of a smaller depth);
    preamble and closing blocks have none and end the current chapter."""
    result: list[int | None] = []
    stack: list[int] = []
    for index, kind in enumerate(kinds):
        depth = DEPTH[kind]
        if kind in ("preamble", "closing"):
            stack = []
            result.append(None)
            continue
        while stack and DEPTH[kinds[stack[-1]]] >= depth:
            stack.pop()
        result.append(stack[-1] if stack else None)
        stack.append(index)
    return result


def docx_paragraphs(data: bytes) -> list[Paragraph]:
    """The paragraphs of a .docx (body and table cells, in order). python-docx is imported here only, so that the
    splitting itself stays importable without it. Raises ValueError when the bytes are not a Word document."""
    import io
    import zipfile
    import zlib

    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from docx.oxml.exceptions import XmlchemyError
    from lxml.etree import LxmlError  # type: ignore[import-untyped, unused-ignore]

    # What a damaged or forged Word file makes the zip reader, the XML parser and python-docx raise (found by
    # consultation/tests/test_fuzz.py): a refusal of the file, never a server error.
    unreadable = (
        zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,  # archive (method, password)
        LxmlError, PythonDocxError, XmlchemyError, OpcError,  # parts: XML, WordprocessingML, package relationships
        KeyError, ValueError,  # missing parts, bad attribute values
    )  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except unreadable as exc:
        raise ValueError("not a .docx") from exc
    # zipfile stops each member at its declared size, so the declared sizes bound what python-docx will hold.
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ValueError(f"unpacks to {unpacked} bytes, more than {MAX_DOCX_UNPACKED_BYTES}")
    try:
        return _read_docx(io.BytesIO(data))
    except unreadable as exc:
        raise ValueError(f"not a readable .docx ({type(exc).__name__})") from exc


def _read_docx(stream: object) -> list[Paragraph]:
    from docx import Document

    document = Document(stream)  # type: ignore[arg-type]
    body = getattr(document.element, "body", None)  # a forged main part may be a header, or lack its body
    if body is None:
        raise ValueError("the main part has no w:body")
    out: list[Paragraph] = []
    _read_blocks(body, document, out)
    return out


def _read_blocks(container: Any, parent: Any, out: list[Paragraph]) -> None:
    """The paragraphs of a body or a table cell, and of the tables in it, in order. Header tables (issuing body |
    national name) and signature tables are read cell by cell: each ``w:tc`` once, not python-docx's ``row.cells``,
    which repeats a cell for every grid column it spans: a 1 KB file whose cell claims to span 999,999 columns kept a
    worker reading that cell a million times (found by consultation/tests/test_fuzz.py)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    paragraph_tag, table_tag, row_tag, cell_tag = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    for child in container.iterchildren(paragraph_tag, table_tag):
        if child.tag == paragraph_tag:
            out.append(_paragraph(DocxParagraph(child, parent)))
            continue
        table = Table(child, parent)
        for row in child.iterchildren(row_tag):
            for cell in row.iterchildren(cell_tag):
                _read_blocks(cell, table, out)


def _paragraph(paragraph: object) -> Paragraph:
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    bold = bool(runs) and all(bool(run.bold) for run in runs)
    style = paragraph.style.name if paragraph.style is not None else ""  # type: ignore[attr-defined]
    return Paragraph(paragraph.text, style or "", bold)  # type: ignore[attr-defined]
