"""Fuzzing the import of a Word draft (``splitter.docx_paragraphs`` then ``splitter.split``): what an agency officer
uploads to open a consultation. Random bytes; real .docx files (built like the tests' draft) whose parts are
replaced by generated WordprocessingML with hostile pieces (malformed XML, entity expansions, external entities,
unknown styles, bad on/off values, merged and nested table cells, deep nesting, control characters), members
deleted or garbled, the archive truncated or with flipped bytes, archives that unpack to far more than they weigh.

Only the documented refusal may come out: ``ValueError`` (``NotADraftError`` is one), which ``do_import_draft``
turns into a message naming the file. Anything else is a bug: the officer would see a server error.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from lantoa.consultation import splitter
from lantoa.consultation.tests.drafts import draft_docx
from lantoa.testing.fuzz import FUZZ

pytestmark = pytest.mark.slow

DOCUMENT = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECRET_FILE = Path("/etc/hostname")

LINES = [
    "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Điều 2:", "Điều 3a Tên", "1. Khoản một", "a) Điểm a",
    "đ) Điểm đ", "Mục 1", "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH", "Căn cứ Luật Tổ chức chính quyền địa phương;", "Nơi nhận:",
    "TM. ỦY BAN NHÂN DÂN", "./.", "Điều 999999999999999999999. Quá lớn", "Chương MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM",
]  # fmt: skip
HOSTILE_TEXT = [
    "", " ", "\t", "\ufeff", "\u202e", "\U0010ffff", "&amp;", "&lt;Điều 1.&gt;", "&#x1;", "&#0;", "&#xD800;",
    "&#1114112;", "&bogus;", "&xxe;", "&lol9;", "<", "]]>", "<![CDATA[Điều 4. Ẩn]]>", "<!-- Điều 5. -->",
    "Thai\u0301 Nguye\u0302n", "Đ" * 300, "x" * 20_000, "<script>alert(1)</script>",
]  # fmt: skip
STYLES = ["", "Normal", "Heading1", "Title", "ListParagraph", "Không có", "x" * 500, "&amp;bogus;", "&quot;", " "]
ON_OFF = ["", "1", "0", "true", "false", "on", "off", "bogus", "-1", "ĐÚNG", "&amp;xxe;"]
SPANS = ["1", "2", "0", "-1", "abc", "", "999999", "2.5"]
PROLOGUES = [
    "", "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>", "<?xml version='1.1'?>",
    "<?xml version='1.0' encoding='ISO-8859-1'?>", "<?xml version='1.0' encoding='bogus'?>", "\ufeff",
    f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{SECRET_FILE}">]>',
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>',
    '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>',
    '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:1/x.dtd">',
]  # fmt: skip


def rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in one_in draws: hypothesis favours the ends of a range, so not "== 0" (nearly every time)."""
    return draw(st.integers(1, one_in)) == (one_in + 1) // 2


@cache
def base_members() -> dict[str, bytes]:
    """The parts of a real draft .docx, as python-docx writes it."""
    with zipfile.ZipFile(io.BytesIO(draft_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _escaped(value: str) -> str:
    return escape("".join(char for char in value if _XML_CHAR.match(char)))


_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Text that is well-formed XML, so that most files get as far as the splitter; raw hostile pieces come as whole
# blocks, in a quarter of the documents (see documents()).
text = st.one_of(
    st.sampled_from(LINES), st.sampled_from(LINES + HOSTILE_TEXT).map(_escaped), st.text(max_size=40).map(_escaped)
)
raw_block = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40)).map(
    lambda raw: f"<w:p><w:r><w:t>{raw}</w:t></w:r></w:p>"
)


@st.composite
def runs(draw: st.DrawFn) -> str:
    bold = draw(st.sampled_from(["", "<w:b/>", *(f'<w:b w:val="{value}"/>' for value in ON_OFF)]))
    properties = f"<w:rPr>{bold}</w:rPr>" if bold or draw(st.booleans()) else ""
    space = ' xml:space="preserve"' if draw(st.booleans()) else ""
    pieces = draw(st.lists(st.sampled_from(["t", "tab", "br", "cr", "noBreakHyphen"]), min_size=1, max_size=3))
    inner = "".join(f"<w:t{space}>{draw(text)}</w:t>" if piece == "t" else f"<w:{piece}/>" for piece in pieces)
    return f"<w:r>{properties}{inner}</w:r>"


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    style = draw(st.sampled_from(STYLES))
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if draw(st.booleans()) else ""
    if rarely(draw, 8):
        odd = ["<w:pPr/>", "<w:pPr><w:pStyle/></w:pPr>", "<w:pPr><w:pStyle w:val=''/></w:pPr>"]
        properties = draw(st.sampled_from(odd))
    hyperlink = draw(st.booleans())
    content = "".join(draw(st.lists(runs(), max_size=4)))
    if hyperlink:
        content = f'<w:hyperlink r:id="rId{draw(st.integers(-1, 99))}">{content}</w:hyperlink>'
    return f"<w:p>{properties}{content}</w:p>"


@st.composite
def tables(draw: st.DrawFn, depth: int = 0) -> str:
    rows = []
    for _row in range(draw(st.integers(0, 3))):
        cells = []
        for _cell in range(draw(st.integers(0, 3))):
            span = f'<w:gridSpan w:val="{draw(st.sampled_from(SPANS))}"/>' if draw(st.booleans()) else ""
            merge = draw(st.sampled_from(["", "<w:vMerge/>", '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="x"/>']))
            properties = f"<w:tcPr>{span}{merge}</w:tcPr>" if span or merge else ""
            inside = "".join(draw(st.lists(paragraphs(), max_size=2)))
            if depth < 2 and rarely(draw, 5):
                inside += draw(tables(depth + 1))
            cells.append(f"<w:tc>{properties}{inside}</w:tc>")
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    grid = "<w:tblGrid>" + '<w:gridCol w:w="100"/>' * draw(st.integers(0, 3)) + "</w:tblGrid>"
    return f"<w:tbl>{grid if draw(st.booleans()) else ''}{''.join(rows)}</w:tbl>"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A word/document.xml: almost valid, with hostile pieces, sometimes cut short or not XML at all."""
    odd = st.sampled_from(["<w:sectPr/>", "<w:bogus/>", "<w:p/>", "<w:tbl/>"])
    blocks = draw(st.lists(st.one_of(paragraphs(), tables(), odd), max_size=12))
    if rarely(draw, 4):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(raw_block))
    if rarely(draw, 10):
        blocks.append("<w:p>" * 300 + "</w:p>" * draw(st.sampled_from([0, 300])))  # deep nesting, maybe never closed
    body = "".join(blocks)
    root = draw(st.sampled_from(["w:document"] * 6 + ["w:body", "document", "w:hdr"]))
    namespaces = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    if rarely(draw, 10):
        namespaces = draw(st.sampled_from(["", 'xmlns:w="urn:bogus"', f'xmlns:w="{W}" xmlns:w="{W}"']))
    wrapper = draw(st.sampled_from(["<w:body>{}</w:body>", "{}", "<w:body>{}</w:body><w:body>{}</w:body>"]))
    prologue = draw(st.sampled_from([PROLOGUES[1]] * len(PROLOGUES) + PROLOGUES))
    xml = f"{prologue}<{root} {namespaces}>{wrapper.replace('{}', body)}</{root}>"
    data = xml.encode("utf-8", "surrogatepass")
    if rarely(draw, 10):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def word_files(draw: st.DrawFn) -> bytes:
    """A real draft's parts, the document replaced or kept, other parts garbled or gone, then packed and maybe hurt."""
    members = dict(base_members())
    if not rarely(draw, 5):
        members[DOCUMENT] = draw(documents())
        if not rarely(draw, 4):
            # The real draft's own paragraphs first: a file that is a draft, with the hostile pieces after them.
            real = base_members()[DOCUMENT]
            generated = members[DOCUMENT]
            start, end = generated.find(b"<w:body>"), real.find(b"<w:body>")
            if start >= 0 and end >= 0 and real.find(b"<w:sectPr") > end:
                head = real[: real.find(b"<w:sectPr")]
                members[DOCUMENT] = head + generated[start + len(b"<w:body>") :]
    for _change in range(draw(st.integers(1, 2)) if rarely(draw, 3) else 0):
        name = draw(st.sampled_from(sorted(members)))
        action = draw(st.sampled_from(["delete", "garble", "empty", "truncate"]))
        if action == "delete":
            del members[name]
        elif action == "garble":
            members[name] = draw(st.binary(max_size=200))
        elif action == "empty":
            members[name] = b""
        else:
            members[name] = members[name][: draw(st.integers(0, len(members[name])))]
    data = pack(members, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))
    hurt = draw(st.sampled_from(["none"] * 8 + ["truncate", "flip"]))
    if hurt == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif hurt == "flip":
        mutable = bytearray(data)
        for position in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8)):
            mutable[position] ^= 0xFF
        data = bytes(mutable)
    return data


def read(data: bytes) -> splitter.Draft | None:
    """The import's own calls; the documented refusal is a ValueError (None here), anything else fails the test."""
    try:
        draft = splitter.split(splitter.docx_paragraphs(data))
    except ValueError as refusal:
        assert str(refusal)
        return None
    assert draft.article_count >= 1
    for unit in draft.units:
        assert unit.kind in splitter.KINDS
        # PostgreSQL refuses NUL in text: a unit that holds one would fail when stored, after the import said yes.
        assert "\x00" not in unit.text + unit.heading + unit.label + draft.title
    return draft


def refusal_cause(data: bytes) -> str:
    try:
        splitter.split(splitter.docx_paragraphs(data))
    except ValueError as refusal:
        return type(refusal.__cause__ or refusal).__name__
    return "none"


@FUZZ
@given(st.one_of(st.binary(max_size=3000), word_files(), word_files(), word_files()))
def test_it_reads_word_drafts_or_refuses_them_with_a_reason(data: bytes) -> None:
    draft = read(data)
    # --hypothesis-show-statistics shows how the inputs ended: read, or refused and why.
    event("read" if draft is not None else f"refused: {refusal_cause(data)}")
    if draft is not None and SECRET_FILE.exists():
        # An external entity must never be fetched: the host's files are not the draft's text.
        secret = SECRET_FILE.read_text().strip()
        assert not secret or all(secret not in unit.text for unit in draft.units)


def test_the_real_draft_still_reads() -> None:
    """The generator starts from this file: if it stopped reading, the fuzzing above would only test refusals."""
    draft = read(pack(base_members()))
    assert draft is not None and draft.article_count >= 3


def test_an_archive_that_unpacks_to_far_more_than_it_weighs_is_refused_unread() -> None:
    """A 20 MB upload may unpack to gigabytes (deflate packs zeros a thousandfold): refused before python-docx
    reads the part into memory."""
    members = dict(base_members())
    members[DOCUMENT] = members[DOCUMENT] + b" " * (splitter.MAX_DOCX_UNPACKED_BYTES + 1)
    data = pack(members)
    assert len(data) < 1_000_000
    with pytest.raises(ValueError, match="unpacks to"):
        splitter.docx_paragraphs(data)


def test_an_external_entity_is_not_fetched() -> None:
    members = dict(base_members())
    document = members[DOCUMENT].decode()
    prologue = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{SECRET_FILE}">]>'
    document = document.replace("?>", "?>" + prologue, 1).replace("Điều 1. Phạm vi điều chỉnh", "Điều 1. &xxe;")
    draft = read(pack({**members, DOCUMENT: document.encode()}))
    assert draft is not None
    article = next(unit for unit in draft.units if unit.kind == "article")
    assert article.label == "Điều 1"
    if SECRET_FILE.exists():
        assert SECRET_FILE.read_text().strip() not in article.heading + article.text


def test_a_cell_that_claims_to_span_a_million_columns_is_read_once() -> None:
    """Found by the fuzzing above: python-docx's ``row.cells`` repeats a cell for each column it spans."""
    members = dict(base_members())
    document = members[DOCUMENT].decode()
    table = (
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2147483647"/></w:tcPr>'
        "<w:p><w:r><w:t>Nơi nhận:</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    document = document.replace("<w:sectPr", table + "<w:sectPr", 1)
    paragraphs = splitter.docx_paragraphs(pack({**members, DOCUMENT: document.encode()}))
    assert [paragraph.text for paragraph in paragraphs].count("Nơi nhận:") == 2  # the draft's own, and this one
