"""Legacy Vietnamese encodings: small self-contained cases, round trips, and the real documents in shared data.

The documents (``web/legacy-encodings/viparse-corpus``) are Word 97 .doc, Excel 97 .xls and RTF files written in
TCVN3 or VNI fonts; the helpers below pull their text out the way Word and Excel store it (8-bit runs as cp1252
bytes, which we decode as latin-1 like a page without a charset) and score the conversion against the hand-checked
transcripts. The PDF (TCVN3 glyphs re-mapped through the PDF's own ToUnicode tables) is not tested.
"""

from __future__ import annotations

import difflib
import json
import lzma
import re
import struct
import unicodedata
from pathlib import Path

import pytest

from lantoa.vntext.legacy import (
    _TCVN3_LETTERS,
    detect_legacy,
    tcvn3_to_unicode,
    to_unicode,
    viqr_to_unicode,
    vni_to_unicode,
)

# --------------------------------------------------------------------------------------------------------------
# Encoders (Unicode -> legacy), to build test input from real Unicode text

UNICODE_TO_TCVN3 = {letter: chr(code) for letter, code in _TCVN3_LETTERS.items()}
TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}  # grave acute hook tilde dot
VNI_TONE = "øùûõï"
VNI_CIRCUMFLEX = "àáåãä"  # circumflex + tone
VNI_BREVE = "èéúüë"  # breve + tone
VNI_I = "ìíæóò"


def to_tcvn3(text: str) -> str:
    """TCVN3 has no capitals with a tone: those are written in lower case (as in .VnTimeH headings)."""
    return "".join(
        UNICODE_TO_TCVN3.get(char) or UNICODE_TO_TCVN3.get(char.lower(), char)
        for char in unicodedata.normalize("NFC", text)
    )


def to_vni(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", char)
        lower = base.lower()
        tone = next((TONES[mark] for mark in marks if mark in TONES), None)
        if lower == "đ":
            coded = "ñ"
        elif lower == "i" and tone is not None:
            coded = VNI_I[tone]
        elif lower in "aeo" and "\u0302" in marks:
            coded = lower + ("â" if tone is None else VNI_CIRCUMFLEX[tone])
        elif lower == "a" and "\u0306" in marks:
            coded = "a" + ("ê" if tone is None else VNI_BREVE[tone])
        elif lower in "ou" and "\u031b" in marks:
            coded = ("ô" if lower == "o" else "ö") + ("" if tone is None else VNI_TONE[tone])
        elif lower in "aeouy" and tone is not None:
            coded = lower + VNI_TONE[tone]
        else:
            out.append(char)
            continue
        out.append(coded.upper() if base.isupper() else coded)
    return "".join(out)


def to_viqr(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("dd" if char == "đ" else "DD")
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        out.append(base)
        out.extend(
            {"\u0302": "^", "\u0306": "(", "\u031b": "+"}[mark] for mark in marks if mark in "\u0302\u0306\u031b"
        )
        out.extend("`'?~."[TONES[mark]] for mark in marks if mark in TONES)
    return "".join(out)


SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân tỉnh Thái Nguyên ban hành quyết định về việc phê duyệt kế hoạch",
    "Người dân được hướng dẫn thủ tục hành chính một cửa tại bộ phận tiếp nhận",
    "Sở Y tế khuyến cáo người dân không nên tự ý mua thuốc kháng sinh để điều trị",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
    "Thủ tướng Chính phủ yêu cầu các bộ, ngành khẩn trương hoàn thiện hồ sơ",
    "Đường sắt đô thị Hà Nội sẽ tiếp tục được đầu tư, nâng cấp trong năm tới",
    "Giữa mùa lũ, nhiều hộ gia đình ở vùng trũng phải di dời đến nơi an toàn",
    "Khuyến khích doanh nghiệp nhỏ và vừa ứng dụng công nghệ thông tin",
]


# --------------------------------------------------------------------------------------------------------------
# Small cases that need no shared data


def test_it_converts_tcvn3() -> None:
    assert tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert tcvn3_to_unicode("ng\xadêi d©n, n¨m 2003") == "người dân, năm 2003"  # \xad is ư
    assert tcvn3_to_unicode("tËn tuþ, Thñ t\xadíng") == "tận tuỵ, Thủ tướng"


def test_it_gives_tcvn3_headings_typed_for_vntimeh_in_capitals() -> None:
    assert tcvn3_to_unicode("QUYÕT §ÞNH cña ñY BAN") == "QUYẾT ĐỊNH của ủY BAN"  # "ñY": one capital, kept
    assert tcvn3_to_unicode("THµNH PHè CÇn Th¬") == "THÀNH PHỐ Cần Thơ"
    # a line without lower-case letters is in capitals throughout, one-capital words too
    assert tcvn3_to_unicode("Sè: 144/2002/Q§-BTC\nSè ®iÖn tho¹i") == "SỐ: 144/2002/QĐ-BTC\nSố điện thoại"
    assert tcvn3_to_unicode("quyÕt ®Þnh cña bé tr\xadëng") == "quyết định của bộ trưởng"  # lower case stays


def test_it_converts_vni() -> None:
    assert vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert vni_to_unicode("Ñoäc laäp \x96 Töï do \x96 Haïnh phuùc") == "Độc lập – Tự do – Hạnh phúc"
    assert vni_to_unicode("ngöôøi daân, naêm, hoaëc, chaët, ñònh") == "người dân, năm, hoặc, chặt, định"
    assert vni_to_unicode("UÛY BAN NHAÂN DAÂN TÆNH BÌNH PHÖÔÙC") == "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"


def test_it_converts_viqr() -> None:
    assert viqr_to_unicode("Vie^.t Nam, ngu+o+`i, dda^'t nu+o+'c") == "Việt Nam, người, đất nước"
    assert viqr_to_unicode("Ca(n cu+' Lua^.t To^? chu+'c, ma(.c du`") == "Căn cứ Luật Tổ chức, mặc dù"
    assert viqr_to_unicode("DDo^.c la^.p - Tu+. do - Ha.nh phu'c") == "Độc lập - Tự do - Hạnh phúc"
    assert viqr_to_unicode("Ha` No^.i.") == "Hà Nội."  # the tone is there already: the "." ends the sentence
    assert viqr_to_unicode("Bo^. GD-DDT, CDDV") == "Bộ GD-ĐT, CĐV"
    assert viqr_to_unicode("U.23 Vie^.t Nam") == "U.23 Việt Nam"
    # RFC 1456: a "?" or "." after a vowel is a tone unless escaped; at a line's end it ends the sentence.
    assert viqr_to_unicode("ddi dda^u\\? To^i ddi cho+i\\.") == "đi đâu? Tôi đi chơi."
    assert viqr_to_unicode("ngu? ngon. Ddi dda^u?\nTo^i") == "ngủ ngon. Đi đâu?\nTôi"
    assert viqr_to_unicode("cho+i\n") == "chơi\n"
    assert viqr_to_unicode("ra vu+o+`n rau...") == "ra vườn rau..."


def test_it_puts_back_cp1252_punctuation_decoded_as_latin1() -> None:
    assert tcvn3_to_unicode("\x93Hµ Néi\x94 \x96 \x85") == "“Hà Nội” – …"
    assert vni_to_unicode("\x93Haø Noäi\x94") == "“Hà Nội”"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_it_detects_and_converts_encoded_sentences(sentence: str) -> None:
    converted, encoding = to_unicode(to_tcvn3(sentence))
    assert (converted.lower(), encoding) == (sentence.lower(), "tcvn3")  # capitals with a tone come back lower
    assert to_unicode(to_vni(sentence)) == (sentence, "vni")
    assert to_unicode(to_viqr(sentence)) == (sentence, "viqr")


def test_it_converts_text_that_mixes_tcvn3_and_vni() -> None:
    mixed = f"{to_tcvn3(SENTENCES[2])}\n{to_vni(SENTENCES[3])}\n{to_tcvn3(SENTENCES[4])} {to_vni('Ứng dụng')}\n"
    converted, encoding = to_unicode(mixed)
    assert encoding in ("tcvn3", "vni")
    tcvn3_line = SENTENCES[2].replace("Ủy", "ủy")  # TCVN3 has no capital Ủ
    assert converted == f"{tcvn3_line}\n{SENTENCES[3]}\n{SENTENCES[4]} Ứng dụng\n"


NOT_LEGACY = [
    "",
    "Hà Nội",
    "Theo Dân trí",  # Unicode Vietnamese that happens to use only latin-1 letters
    "Theo TH (Theo HTV) (Khám Phá)",
    "Tôi là Bà Tám",
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.",
    unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc."),
    "The quick brown fox jumps over the lazy dog. Isn't it? I'm sure it's 9 a.m., e.g. o'clock. Really? Yes.",
    "Don't you know? We're here; they'll come (a+b)^2 = a^2 + 2ab + b^2. C++ and x.y.z. Hello? Good-bye.",
    "Le thé à Paris où l'été est très chaud. Voilà déjà la fenêtre. Ça va? Noël à Genève, s'il vous plaît.",
    "Über die Brücke gehen schöne Mädchen in Köln. Grüße aus München, Straße.",
    "¿Qué tal? Sí, más café por favor. El niño está en la montaña. También él.",
    "Starten på serien må ikke overstige enden av serien.",
    "URL-së i mungon një pjerrake në krye.",
    "%(model_name)s·עם·%(field_labels)s·אלו קיימים כבר.",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "replacements = (('à', 'a'), ('á', 'a'), ('é', 'e'), ('í', 'i'), ('ó', 'o'), ('ú', 'u'), ('ñ', 'n'))",
    "Chá»¯ Quá»\x91c ngá»¯ lÃ\xa0 há»\x87 chá»¯ viáº¿t",  # UTF-8 read as latin-1
    "Môòt phaìt hiêòn výÌa ðýõòc công bôì khiêìn côòng ðôÌng",  # windows-1258 read as cp1252
    "Chæ Qu¯c ngæ là h® chæ viªt th¯ng nh¤t chính thÑc hi®n nay",  # VISCII read as latin-1
    "Viet Nam, Ha Noi, Thai Nguyen",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_it_does_not_detect_legacy_in_other_text(text: str) -> None:
    assert detect_legacy(text) is None
    assert to_unicode(text) == (text, None)


# --------------------------------------------------------------------------------------------------------------
# Reading Word 97 / Excel 97 / RTF files, just enough for the test documents


def ole_streams(data: bytes) -> dict[str, bytes]:
    """The top-level streams of an OLE2 compound file."""
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
    fat_count, first_directory, _, mini_cutoff, first_minifat, minifat_count, first_difat, difat_count = (
        struct.unpack_from("<8I", data, 44)
    )
    difat = list(struct.unpack_from("<109I", data, 76))

    def sector(number: int) -> bytes:
        return data[(number + 1) * sector_size : (number + 2) * sector_size]

    following = first_difat
    for _ in range(difat_count):
        values = struct.unpack_from(f"<{sector_size // 4}I", sector(following))
        difat.extend(values[:-1])
        following = values[-1]
    fat: list[int] = []
    for number in difat[:fat_count]:
        fat.extend(struct.unpack_from(f"<{sector_size // 4}I", sector(number)))

    def chain(start: int, table: list[int]) -> list[int]:
        numbers: list[int] = []
        while start < 0xFFFFFFFA and len(numbers) <= len(table):
            numbers.append(start)
            start = table[start]
        return numbers

    def read(start: int) -> bytes:
        return b"".join(sector(number) for number in chain(start, fat))

    directory = read(first_directory)
    entries = []
    for offset in range(0, len(directory), 128):
        entry = directory[offset : offset + 128]
        name_length = struct.unpack_from("<H", entry, 64)[0]
        left, right, child = struct.unpack_from("<3I", entry, 68)
        start, size = struct.unpack_from("<IQ", entry, 116)
        name = entry[: max(name_length - 2, 0)].decode("utf-16-le")
        entries.append((name, entry[66], start, size & 0xFFFFFFFF, left, right, child))
    ministream = read(entries[0][2])
    minifat: list[int] = []
    if minifat_count:
        raw = read(first_minifat)
        minifat = list(struct.unpack_from(f"<{len(raw) // 4}I", raw))
    streams: dict[str, bytes] = {}
    pending = [entries[0][6]]  # the root's children: a red-black tree of siblings
    while pending:
        index = pending.pop()
        if index >= len(entries):
            continue
        name, kind, start, size, left, right, _child = entries[index]
        pending += [left, right]
        if kind != 2:
            continue
        if size < mini_cutoff:
            blob = b"".join(ministream[n * mini_size : (n + 1) * mini_size] for n in chain(start, minifat))
        else:
            blob = read(start)
        streams[name] = blob[:size]
    return streams


def word_text(data: bytes) -> str:
    """The main text of a Word 97 document from its piece table: 8-bit pieces decoded as latin-1."""
    streams = ole_streams(data)
    document = streams["WordDocument"]
    table = streams["1Table" if struct.unpack_from("<H", document, 0x0A)[0] & 0x0200 else "0Table"]
    offset = 34 + struct.unpack_from("<H", document, 32)[0] * 2
    offset += 2 + struct.unpack_from("<H", document, offset)[0] * 4 + 2
    clx_start, clx_size = struct.unpack_from("<II", document, offset + 66 * 4)  # fcClx, lcbClx
    clx = table[clx_start : clx_start + clx_size]
    position = 0
    while clx[position] == 1:  # property modifiers before the piece table
        position += 3 + struct.unpack_from("<H", clx, position + 1)[0]
    size = struct.unpack_from("<I", clx, position + 1)[0]
    pieces = clx[position + 5 : position + 5 + size]
    count = (size - 4) // 12
    limits = struct.unpack_from(f"<{count + 1}I", pieces)
    parts = []
    for index in range(count):
        file_offset = struct.unpack_from("<I", pieces, (count + 1) * 4 + index * 8 + 2)[0]
        length = limits[index + 1] - limits[index]
        if file_offset & 0x40000000:
            start = (file_offset & 0x3FFFFFFF) // 2
            parts.append(document[start : start + length].decode("latin-1"))
        else:
            parts.append(document[file_offset : file_offset + 2 * length].decode("utf-16-le"))
    text = "".join(parts)
    text = text.replace("\r", "\n").replace("\x07", "\t").replace("\x0b", "\n").replace("\x0c", "\n")
    return re.sub(r"[\x00-\x08\x0e-\x1f]", " ", text)  # field marks, drawing anchors, optional hyphens


def excel_strings(data: bytes) -> list[str]:
    """The shared strings of an Excel 97 workbook (SST and its CONTINUE records)."""
    workbook = ole_streams(data)["Workbook"]
    chunks: list[bytes] = []
    position = 0
    while position + 4 <= len(workbook):
        kind, size = struct.unpack_from("<HH", workbook, position)
        body = workbook[position + 4 : position + 4 + size]
        position += 4 + size
        if kind == 0x00FC:
            chunks = [body[8:]]
        elif kind == 0x003C and chunks:
            chunks.append(body)
        elif chunks:
            break
    strings: list[str] = []
    chunk, buffer, offset = 0, chunks[0], 0
    while True:
        if offset >= len(buffer):
            chunk += 1
            if chunk >= len(chunks):
                return strings
            buffer, offset = chunks[chunk], 0
        characters, flags = struct.unpack_from("<HB", buffer, offset)
        offset += 3
        runs = extra = 0
        if flags & 8:
            runs = struct.unpack_from("<H", buffer, offset)[0]
            offset += 2
        if flags & 4:
            extra = struct.unpack_from("<I", buffer, offset)[0]
            offset += 4
        wide, parts, remaining = flags & 1, [], characters
        while remaining:
            width = 2 if wide else 1
            take = min((len(buffer) - offset) // width, remaining)
            parts.append(buffer[offset : offset + take * width].decode("utf-16-le" if wide else "latin-1"))
            offset += take * width
            remaining -= take
            if remaining:  # continued in the next record, which starts with its own width flag
                chunk += 1
                buffer = chunks[chunk]
                wide, offset = buffer[0] & 1, 1
        strings.append("".join(parts))
        skip = runs * 4 + extra
        while skip:
            step = min(skip, len(buffer) - offset)
            offset += step
            skip -= step
            if skip:
                chunk += 1
                buffer, offset = chunks[chunk], 0


RTF_TOKEN = re.compile(r"\\'([0-9a-fA-F]{2})|\\([a-z]+)(-?\d+)? ?|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.S)
RTF_SKIPPED = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "listtable", "listoverridetable", "header"}


def rtf_text(data: bytes) -> str:
    """The text of an RTF file: \\'xx escapes as latin-1, paragraphs as lines, tables and metadata left out."""
    out: list[str] = []
    depth = skip_from = 0
    group_start = False
    for match in RTF_TOKEN.finditer(data.decode("latin-1")):
        escaped, word, _number, symbol, brace, plain = match.groups()
        if brace:
            if brace == "{":
                depth += 1
            else:
                if skip_from == depth:
                    skip_from = 0
                depth -= 1
            group_start = brace == "{"
            continue
        starts, group_start = group_start, False
        if skip_from:
            continue
        if starts and (symbol == "*" or word in RTF_SKIPPED):
            skip_from = depth
        elif escaped:
            out.append(chr(int(escaped, 16)))
        elif word in ("par", "line", "row"):
            out.append("\n")
        elif word in ("tab", "cell"):
            out.append("\t")
        elif symbol in ("\\", "{", "}"):
            out.append(symbol)
        elif plain:
            out.append(plain)
    return "".join(out)


def accuracy(converted: str, truth: str) -> float:
    """Share of the transcript's characters (whitespace runs counted as one) that the conversion matches, aligned
    word by word and, inside words that differ, character by character."""
    got, expected = converted.split(), truth.split()
    same = 0
    for tag, first, last, truth_first, truth_last in difflib.SequenceMatcher(
        None, got, expected, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            same += sum(len(word) + 1 for word in expected[truth_first:truth_last])
        elif tag == "replace":
            ours, theirs = " ".join(got[first:last]), " ".join(expected[truth_first:truth_last])
            blocks = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks()
            same += sum(block.size for block in blocks) + 1
    return min(same / sum(len(word) + 1 for word in expected), 1.0)


# --------------------------------------------------------------------------------------------------------------
# The real documents

# (file, encoding detected, lowest accuracy accepted). Measured: 2003-02144qd 1.0000, 2004-0328NDCP 0.9999,
# NghiDinh114 1.0000, NghiDinh29 1.0000, duanLD9820 0.9990, QD-256 0.9998, QDSUA522 0.9993, A06.rtf 1.0000,
# A33.rtf 1.0000, quydinhkiemtra02 0.9985, 23.QD-991 0.9972, 2009-download 0.9986. Most of what is left are slips
# in the transcripts themselves: they read VNI "ë" as ẵ (hoẵc, chẵt, nẵng: ặ is right), and the mixed document
# has VNI paragraphs transcribed as if TCVN3 ("ủoaùn" for "đoạn").
DOCUMENTS = [
    ("tcvn3/2003-02144qd.doc", "tcvn3", 0.998),
    ("tcvn3/2004-0328NDCP.doc", "tcvn3", 0.998),
    ("tcvn3/2004-NghiDinh114_2003.doc", "tcvn3", 0.998),
    ("tcvn3/2004-NghiDinh29_1998.doc", "tcvn3", 0.998),
    ("tcvn3/2004-duanLD9820.doc", None, 0.997),  # TCVN3 and VNI paragraphs: either may be named
    ("tcvn3/2005-QD-256.doc", "tcvn3", 0.998),
    ("tcvn3/2005-QDSUA522.doc", "tcvn3", 0.998),
    ("tcvn3/2003-A06.rtf", "tcvn3", 0.998),
    ("tcvn3/2004-A33.rtf", "tcvn3", 0.998),
    ("vni/2006-quydinhkiemtra02.doc", "vni", 0.997),
    ("vni/2008-23.QD-991-UBND.doc", "vni", 0.995),
    ("vni/2009-download.doc", "vni", 0.997),
]


@pytest.fixture
def corpus(shared_data: Path) -> Path:
    folder = shared_data / "web" / "legacy-encodings" / "viparse-corpus"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return folder


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "encoding", "lowest"), DOCUMENTS)
def test_it_converts_real_documents(corpus: Path, name: str, encoding: str | None, lowest: float) -> None:
    data = (corpus / name).read_bytes()
    text = rtf_text(data) if name.endswith(".rtf") else word_text(data)
    truth = (corpus / "ground-truth" / f"{Path(name).stem}.txt").read_text(encoding="utf-8")
    converted, detected = to_unicode(text)
    assert detected == encoding if encoding else detected in ("tcvn3", "vni")
    assert accuracy(converted, truth) >= lowest
    assert accuracy(converted.lower(), truth.lower()) >= lowest


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "encoding"), [("tcvn3/2005-FDILangson.xls", "tcvn3"), ("vni/2006-Mau21_CKTC_NSH.xls", "vni")]
)
def test_it_converts_real_spreadsheets(corpus: Path, name: str, encoding: str) -> None:
    # Cells come out in the order of the shared-string table, not the sheet's: compare the words.
    converted, detected = to_unicode("\n".join(excel_strings((corpus / name).read_bytes())))
    truth = (corpus / "ground-truth" / f"{Path(name).stem}.txt").read_text(encoding="utf-8")
    assert detected == encoding
    ours = set(converted.split())
    marked = [word for word in truth.split() if not word.isascii()]
    assert marked
    assert sum(word in ours for word in marked) / len(marked) == 1.0


@pytest.mark.shared_data
def test_it_leaves_the_chardet_samples_alone(shared_data: Path) -> None:
    folder = shared_data / "web" / "legacy-encodings" / "chardet"
    reference = (folder / "utf-8-reference" / "utf-8_quocngu.txt").read_text(encoding="utf-8")
    windows_1258 = (folder / "windows-1258" / "windows-1258_quocngu.txt").read_bytes().decode("cp1258")
    assert unicodedata.normalize("NFC", windows_1258) == reference
    samples = sorted(folder.glob("*/*.txt"))
    assert len(samples) == 6
    for sample in samples:
        data = sample.read_bytes()
        for codec in ("cp1258", "cp1252", "latin-1", "utf-8"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            # Not TCVN3, VNI or VIQR, however it is decoded: windows-1258 and VISCII are not converted here.
            assert detect_legacy(text) is None, (sample.name, codec)
            assert detect_legacy(unicodedata.normalize("NFC", text)) is None, (sample.name, codec)


def news_titles_and_leads(shared_data: Path, count: int) -> list[str]:
    texts: list[str] = []
    with lzma.open(shared_data / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= count:
                break
            record = json.loads(line)
            texts += [text for text in (record["title"], record["sapo"]) if text]
    return texts


@pytest.mark.shared_data
def test_it_finds_no_legacy_encoding_in_unicode_news(shared_data: Path) -> None:
    with lzma.open(shared_data / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= 3000:
                break
            record = json.loads(line)
            for text in (record["title"], record["sapo"], record["body"]):
                assert detect_legacy(text or "") is None, text


@pytest.mark.shared_data
def test_it_reads_news_written_in_legacy_encodings(shared_data: Path) -> None:
    texts = [unicodedata.normalize("NFC", text) for text in news_titles_and_leads(shared_data, 500)]
    for name, encode, fold_case, share in (
        ("tcvn3", to_tcvn3, True, 0.99),
        ("vni", to_vni, False, 0.99),
        ("viqr", to_viqr, False, 0.85),  # conservative detection; "." and "?" after a vowel are ambiguous
    ):
        right = 0
        for text in texts:
            converted, detected = to_unicode(encode(text))
            if fold_case:
                converted, text = converted.lower(), text.lower()
            right += detected == name and converted == text
        assert right >= share * len(texts), (name, right, len(texts))


def test_it_reads_viqr_with_typographic_punctuation() -> None:
    text = "\u201cVie^.t Nam\u201d \u2013 ngu+o+`i da^n dda^'t nu+o+'c,\u00a0\x93ho^m nay\x94"
    assert to_unicode(text) == ("“Việt Nam” – người dân đất nước,\u00a0“hôm nay”", "viqr")
