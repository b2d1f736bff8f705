import ast
import json
import lzma
import random
import re
import unicodedata
from pathlib import Path

import pytest

from lantoa.vntext import fold, nfc, normalize
from lantoa.vntext.normalize import clean_text, is_syllable, normalize_tones


def test_it_folds_vietnamese_letters_and_tones() -> None:
    assert fold("Thái  Nguyên") == "thai nguyen"
    assert fold("ĐỊNH HÓA") == "dinh hoa"
    assert fold("Phú Bình") == fold("Phu Binh")


def test_it_folds_both_tone_mark_placements_alike() -> None:
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy")


def test_it_folds_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Bắc Kạn")
    assert decomposed != "Bắc Kạn"
    assert fold(decomposed) == "bac kan"
    assert nfc(decomposed) == "Bắc Kạn"


def test_vntext_imports_no_django() -> None:
    package = Path(__file__).resolve().parents[1]
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "lantoa.")) or name.startswith("lantoa.vntext"), (
                    f"{source.name} imports {name}: vntext must stay a pure library"
                )


# --------------------------------------------------------------------------------------------------------------
# normalize_tones

# (input, expected): the house style is the one official names use (Hòa Bình, Khánh Hòa, Thanh Hóa, thủy, khỏe).
TONE_CASES = [
    # oa / oe / uy, open syllable: the tone moves to the first vowel
    ("hoà", "hòa"),
    ("Hoà Bình", "Hòa Bình"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("hoá đơn", "hóa đơn"),
    ("văn hoá", "văn hóa"),
    ("thoả thuận", "thỏa thuận"),
    ("loã", "lõa"),
    ("hoạ sĩ", "họa sĩ"),
    ("goá", "góa"),
    ("khoẻ", "khỏe"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("loè loẹt", "lòe loẹt"),
    ("xoè", "xòe"),
    ("thuỷ", "thủy"),
    ("thuỷ lợi", "thủy lợi"),
    ("Thuỵ Điển", "Thụy Điển"),
    ("tuỳ", "tùy"),
    ("uỷ ban", "ủy ban"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("luỹ kế", "lũy kế"),
    ("huỷ bỏ", "hủy bỏ"),
    ("suý", "súy"),
    ("loà xoà", "lòa xòa"),
    ("oà khóc", "òa khóc"),
    # case is kept
    ("HOÀ BÌNH", "HÒA BÌNH"),
    ("THUỶ", "THỦY"),
    ("KhoẺ", "KhỏE"),  # each letter keeps its case; only the tone moves
    # punctuation and position in the text
    ("(hoà)", "(hòa)"),
    ("hoà.", "hòa."),
    ("Hoà, thuỷ; khoẻ!", "Hòa, thủy; khỏe!"),
    ("ngày 30/4 hoà bình", "ngày 30/4 hòa bình"),
    # misplaced tones, moved to where they belong
    ("muà", "mùa"),
    ("cuả", "của"),
    ("nưã", "nữa"),
    ("mía", "mía"),
    ("miá", "mía"),
    ("kià", "kìa"),
    ("ngoaì", "ngoài"),
    ("ngòai", "ngoài"),
    ("hòang", "hoàng"),
    ("tòan bộ", "toàn bộ"),
    ("ngừơi", "người"),
    ("đừơng", "đường"),
    ("ngươì", "người"),
    ("thúê", "thuế"),
    ("tìên", "tiền"),
    ("qúa", "quá"),
    ("qúy", "quý"),
    ("gìa", "già"),
    # already in the house style: unchanged
    ("hòa", "hòa"),
    ("thủy", "thủy"),
    ("khỏe", "khỏe"),
    ("quý", "quý"),
    ("quỳnh", "quỳnh"),
    ("Quỳnh Lưu", "Quỳnh Lưu"),
    ("quá", "quá"),
    ("quả", "quả"),
    ("quạ", "quạ"),
    ("quỹ", "quỹ"),
    ("giữa", "giữa"),
    ("giá", "giá"),
    ("giờ", "giờ"),
    ("giữ", "giữ"),
    ("gì", "gì"),
    ("gìn giữ", "gìn giữ"),
    ("hoàng", "hoàng"),
    ("toàn", "toàn"),
    ("thuyết", "thuyết"),
    ("quyết", "quyết"),
    ("Nguyễn", "Nguyễn"),
    ("khuyến", "khuyến"),
    ("huýt", "huýt"),
    ("hoặc", "hoặc"),
    ("xoáy", "xoáy"),
    ("ngoài", "ngoài"),
    ("khuỷu", "khuỷu"),
    ("ngoẹo", "ngoẹo"),
    ("khuấy", "khuấy"),
    ("người", "người"),
    ("tuổi", "tuổi"),
    ("của", "của"),
    ("mùa", "mùa"),
    ("thuế", "thuế"),
    ("thuở", "thuở"),
    ("cừu", "cừu"),
    ("hươu", "hươu"),
    ("yêu", "yêu"),
    ("Việt Nam", "Việt Nam"),
    ("Thái Nguyên", "Thái Nguyên"),
    # not Vietnamese: unchanged
    ("café", "café"),
    ("José", "José"),
    ("Chloé", "Chloé"),
    ("naïve", "naïve"),
    ("Hello world", "Hello world"),
    ("", ""),
]


@pytest.mark.parametrize(("given", "expected"), TONE_CASES)
def test_it_places_tone_marks_in_the_house_style(given: str, expected: str) -> None:
    assert normalize_tones(given) == expected
    assert normalize_tones(expected) == expected  # idempotent


def test_it_places_tones_in_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Hoà Bình, thuỷ điện, khoẻ")
    assert normalize_tones(decomposed) == "Hòa Bình, thủy điện, khỏe"
    assert normalize_tones(unicodedata.normalize("NFD", "Hòa Bình")) == "Hòa Bình"


def test_it_leaves_text_without_misplaced_tones_as_it_is() -> None:
    text = "Chủ tịch UBND tỉnh Thái Nguyên làm việc với Sở Y tế về công tác phòng, chống dịch."
    assert normalize_tones(text) == text
    english = "The quick brown fox jumps over the lazy dog. Zoë and Chloé went to the café."
    assert normalize_tones(english) == english


def test_it_checks_vietnamese_syllables() -> None:
    for word in ("người", "Hòa", "hoà", "QUÝ", "Việt", "gìn", "giữa", "khuỷu", "xoong", "Nguyễn", "a", "ý"):
        assert is_syllable(word), word
    for word in ("café", "and", "xyz", "viet", "hòac", "tàc", "ngừơii", "cê", "ka", "ghe" + "o" * 3, "", "12"):
        assert not is_syllable(word), word


# --------------------------------------------------------------------------------------------------------------
# clean_text

CLEAN_CASES = [
    ("Hoà  Bình", "Hòa Bình"),
    ("  Khánh Hoà \n", "Khánh Hòa"),
    ("a\u00a0 b\tc", "a b c"),
    ("đoạn 1\n\nđoạn 2", "đoạn 1\nđoạn 2"),
    ("đoạn 1 \n \n\n  đoạn 2", "đoạn 1\nđoạn 2"),
    ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
    ("a\u2028b\u2029c\x85d\x0be\x0cf", "a\nb\nc\nd\ne\nf"),
    ("soft\u00adhyphen, zero\u200bwidth, \ufeffbom, word\u2060joiner", "softhyphen, zerowidth, bom, wordjoiner"),
    ("a \u200b b", "a b"),
    ("\u3000full-width\u3000space\u2003em", "full-width space em"),
    ("", ""),
    (" \n\t ", ""),
]


@pytest.mark.parametrize(("given", "expected"), CLEAN_CASES)
def test_it_cleans_text(given: str, expected: str) -> None:
    assert clean_text(given) == expected
    assert clean_text(expected) == expected


def test_it_cleans_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Uỷ ban nhân dân  tỉnh Hoà Bình")
    assert clean_text(decomposed) == "Ủy ban nhân dân tỉnh Hòa Bình"


def test_it_tidies_whitespace_like_splitting_lines_and_words() -> None:
    # The documented rule, written the slow way: lines (str.splitlines), words (str.split), empty lines dropped.
    rng = random.Random(7)
    pieces = ["a", "bé", "Hòa", " ", "  ", "\n", "\n\n", " \n ", "\t", "\r\n", "\u00a0", "\u2003", "\x1f", "\u2029"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = "\n".join(line for line in (" ".join(part.split()) for part in text.splitlines()) if line)
        assert clean_text(text) == expected, repr(text)


def test_it_knows_all_whitespace() -> None:
    assert "".join(chr(code) for code in range(0x110000) if chr(code).isspace()) == normalize._WHITESPACE


# --------------------------------------------------------------------------------------------------------------
# fold: the fast path must give what the plain definition gives


def reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(str.maketrans({"đ": "d", "Đ": "D"})))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", stripped).strip().lower()


def test_it_folds_like_the_plain_definition() -> None:
    rng = random.Random(11)
    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
        "ÀÁẢÃẠỲÝỶỸỴ ÇçÑñÜüÖöÅåØøßæ ΆάΈέΪϊ ЁёЙй \u0300\u0301\u0309\u0303\u0323\u0308\u20d7\u1dc0"
        " \t\n\r\x1f\x85\u00a0\u2003\u3000\u2028  \n\n –“”…€ 가각ガパ\u3099\U0001f600\U0001d15e ﬁǄ 12.,;"
    )
    samples = ["", "Thái  Nguyên", unicodedata.normalize("NFD", "Đà Nẵng"), "ĐỊNH HÓA", "İstanbul"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in samples:
        assert fold(text) == reference_fold(text), repr(text)


# --------------------------------------------------------------------------------------------------------------
# On real articles (shared data)


def news_fields(shared_data: Path, count: int) -> list[str]:
    fields: list[str] = []
    with lzma.open(shared_data / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= count:
                break
            record = json.loads(line)
            fields += [record["title"] or "", record["sapo"] or "", record["body"] or ""]
    return fields


@pytest.mark.shared_data
def test_it_cleans_real_articles_without_changing_their_words(shared_data: Path) -> None:
    for text in news_fields(shared_data, 1000):
        cleaned = clean_text(text)
        assert clean_text(cleaned) == cleaned
        assert normalize_tones(cleaned) == cleaned
        # Only tone positions, whitespace and invisible characters change: the folded text stays the same.
        assert fold(cleaned) == fold(normalize._INVISIBLE.sub("", text))


def other_style() -> dict[str, str]:
    """ "òa" -> "oà" and the like: the tone of an open oa / oe / uy syllable on the second vowel."""
    swaps: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            house = unicodedata.normalize("NFC", first + mark) + second
            swaps[house] = first + unicodedata.normalize("NFC", second + mark)
    return swaps


@pytest.mark.shared_data
def test_it_places_tones_in_real_text_written_in_the_other_style(shared_data: Path) -> None:
    swaps = other_style()
    pattern = re.compile("(?:" + "|".join(swaps) + r")\b")
    changed = 0
    for text in news_fields(shared_data, 300):
        text = clean_text(text)
        moved = pattern.sub(lambda match: swaps[match.group()], text)
        changed += moved != text
        assert normalize_tones(moved) == text
    assert changed > 50
