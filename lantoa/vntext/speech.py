"""Vietnamese text as it is read aloud: numbers, dates, times, units and abbreviations spelled out in words, for the
commune radio (đài truyền thanh cấp xã) and for a speech synthesiser.

``normalize_for_speech("UBND xã họp ngày 15/8/2025 lúc 7h30")`` ->
``"ủy ban nhân dân xã họp ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm lúc bảy giờ ba mươi phút"``.

What it guarantees: no ASCII digit is left (a number it cannot place is read as a cardinal or digit by digit); no
word is dropped (an abbreviation missing from ``data/abbreviations.csv`` that is written in capitals is read letter
by letter with the Vietnamese letter names); punctuation is kept, as the reader's pauses; line breaks are kept.

The rules, in the order they run (each one turns what it recognises into words, so later ones never see it):

1. web and mail addresses: "." -> "chấm", "@" -> "a còng", "/" -> "gạch chéo";
2. telephone numbers digit by digit, grouped by their separators (after "điện thoại", "ĐT", "hotline",
   "đường dây nóng", …; any 10-11 digit number starting with 0 or +84; 1800/1900 numbers; 111-115 after "gọi");
3. document numbers: "30/2020/NĐ-CP" -> "ba mươi, năm hai nghìn không trăm hai mươi, nghị định chính phủ";
4. abbreviations from the table (case-sensitive; "TP. Thái Nguyên", "PGS.TS" lose their dot);
5. periods: "tháng 8/2025", "quý IV/2025", "tháng 4" -> "tháng tư";
6. dates, day first: "15/8/2025", "15-8-2025", "2025-08-15", "ngày 15/8", "15-20/8"; a day/month pair without a
   year is a date after a date word (ngày, sáng, từ, đến, …) or when the day is larger than the month, otherwise a
   fraction ("2/3 số hộ" -> "hai phần ba số hộ");
7. times: "7h30", "14:00", "7h";
8. ordinals after "thứ" ("thứ 2" -> "thứ hai", "lần thứ 1" -> "lần thứ nhất"), Roman numerals after chương, phần,
   mục, quý, khóa, thế kỷ, đại hội, phụ lục, tập, giai đoạn, thứ, and Roman section numbers at the start of a line;
9. rates: "đồng/kg" -> "đồng một ki-lô-gam", "người/km²" -> "người trên ki-lô-mét vuông";
10. numbers: "1.000.000", "2,5" ("phẩy"), "2.5" ("chấm"), "-5" ("âm"), with a unit, currency or percent sign
    after them ("50.000đ", "25°C", "12 m²", "5%", "$10");
11. symbols (&, @, +, =, ~, ≈, ×, ≥, ≤, >, <, №), ranges between two numbers, dates or times ("7-9 giờ" ->
    "bảy đến chín giờ");
12. words in capitals that are not Vietnamese syllables: letter by letter ("XYZ" -> "ích i dài dét").

Pure Python and typed, no Django: the radio bulletin, the tests and a command line can all use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lantoa.vntext.normalize import is_syllable, nfc

__all__ = ["abbreviations", "normalize_for_speech", "read_digits", "read_number", "spell_letters"]

ABBREVIATIONS_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.csv"

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
LETTER_NAMES = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát", "I": "i",
    "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ", "O": "o", "P": "pê", "Q": "quy", "R": "e-rờ",
    "S": "ét", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
    "Ă": "á", "Â": "ớ", "Ê": "ê", "Ô": "ô", "Ơ": "ơ", "Ư": "ư",
}  # fmt: skip

# Units after a number (case-sensitive); the longest spelling is tried first.
UNITS = {
    "km/h": "ki-lô-mét trên giờ", "m/s": "mét trên giây", "m³/s": "mét khối trên giây", "m3/s": "mét khối trên giây",
    "km²": "ki-lô-mét vuông", "km2": "ki-lô-mét vuông", "m²": "mét vuông", "m2": "mét vuông", "m³": "mét khối",
    "m3": "mét khối", "cm²": "xăng-ti-mét vuông", "cm2": "xăng-ti-mét vuông", "ha": "héc-ta", "km": "ki-lô-mét",
    "m": "mét", "cm": "xăng-ti-mét", "mm": "mi-li-mét", "kg": "ki-lô-gam", "g": "gam", "mg": "mi-li-gam",
    "ml": "mi-li-lít", "l": "lít", "kW": "ki-lô-oát", "kWh": "ki-lô-oát giờ", "MW": "mê-ga-oát", "MWh": "mê-ga-oát giờ",
    "W": "oát", "V": "vôn", "kV": "ki-lô-vôn", "°C": "độ xê", "ºC": "độ xê", "oC": "độ xê", "°": "độ", "%": "phần trăm",
    "‰": "phần nghìn", "đ": "đồng", "VNĐ": "đồng", "VND": "đồng", "USD": "đô la Mỹ", "EUR": "ơ-rô", "€": "ơ-rô",
    "tr": "triệu", "k": "nghìn", "h": "giờ", "ph": "phút", "GB": "ghi-ga-bai", "MB": "mê-ga-bai",
    "Mbps": "mê-ga-bít trên giây",
}  # fmt: skip
ATTACHED_UNITS = frozenset({"V", "W", "k", "l", "g", "tr"})  # units only when written against the number: "220V"
CURRENCIES = frozenset({"đồng", "đ", "VNĐ", "VND", "USD", "EUR", "€", "triệu", "tỷ", "nghìn", "ngàn"})
SYMBOLS = {
    "&": "và", "@": "a còng", "+": "cộng", "=": "bằng", "~": "khoảng", "≈": "khoảng", "×": "nhân",
    "≥": "lớn hơn hoặc bằng", "≤": "nhỏ hơn hoặc bằng", ">": "lớn hơn", "<": "nhỏ hơn", "№": "số",
    "%": "phần trăm", "‰": "phần nghìn", "°": "độ", "$": "đô la", "€": "ơ-rô",
}  # fmt: skip

# Words before a day/month pair that make it a date ("sáng 15/8", "từ 1/7"), not a fraction.
DATE_WORDS = frozenset(
    "ngày hôm sáng trưa chiều tối đêm khuya từ đến tới và hết trước sau đầu cuối giữa dịp lễ khánh tết mùng mồng"
    " hạn".split()
)
FRACTION_WORDS = frozenset("chiếm khoảng gần hơn quá đạt còn được tỷ tỉ lệ".split())
PHONE_WORDS = r"(?:điện thoại|số điện thoại|SĐT|ĐT|ĐTDĐ|hotline|đường dây nóng|fax|zalo|số máy|tổng đài)"
ROMAN_WORDS = r"(?:chương|phần|mục|quý|khóa|khoá|thế kỷ|thế kỉ|đại hội|phụ lục|tập|giai đoạn|thứ)"
# Prefixes written with a dot before a name: "TP. Thái Nguyên", "PGS.TS Nguyễn …"; the dot is no pause.
DOTTED_PREFIXES = ("TP", "TX", "ThS", "TS", "GS", "PGS", "BS", "KS", "Đ/c", "đ/c")

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # "ＵＢＮＤ" -> "UBND"
_O, _C = "\x01", "\x02"  # around what a rule produced: ranges join these; they never reach the output
_B = "\x03"  # around a telephone number: a word boundary that no range joins
_LETTER = r"[^\W\d_]"
_MAX_CARDINAL_DIGITS = 15  # longer digit runs are codes: read digit by digit


@dataclass(frozen=True)
class _Style:
    zero_tens: str  # "linh" (Northern) or "lẻ" (Southern): 105 = một trăm linh năm
    thousand: str  # "nghìn" or "ngàn"


# ------------------------------------------------------------------------------------------------------------
# Numbers in words


def _under_thousand(number: int, full: bool, style: _Style) -> list[str]:
    """0 < number < 1000; ``full``: a group after a higher one, read with its hundreds ("không trăm linh năm")."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append(style.zero_tens)
        if units:
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _cardinal_words(number: int, full: bool, style: _Style) -> list[str]:
    if number >= 10**9:  # tỷ is the largest name: 10^12 = nghìn tỷ, 10^18 = tỷ tỷ
        high, low = divmod(number, 10**9)
        return [*_cardinal_words(high, full, style), "tỷ", *(_cardinal_words(low, True, style) if low else [])]
    words: list[str] = []
    started = full
    for group, name in ((number // 10**6, "triệu"), (number // 1000 % 1000, style.thousand), (number % 1000, "")):
        if group:
            words += _under_thousand(group, started, style)
            if name:
                words.append(name)
            started = True
    return words


def read_number(number: int, *, zero_tens: str = "linh", thousand: str = "nghìn") -> str:
    """A whole number in words: 21 -> "hai mươi mốt", 105 -> "một trăm linh năm", 2025 -> "hai nghìn không trăm hai
    mươi lăm", 1_000_000_000 -> "một tỷ", -3 -> "âm ba"."""
    style = _Style(zero_tens, thousand)
    if number < 0:
        return "âm " + read_number(-number, zero_tens=zero_tens, thousand=thousand)
    return " ".join(_cardinal_words(number, False, style)) if number else "không"


def read_digits(digits: str) -> str:
    """Each digit by its name ("0208" -> "không hai không tám"); other characters are dropped: give digits only."""
    return " ".join(DIGITS[int(char)] for char in digits if char.isdecimal())


def _cardinal(digits: str, style: _Style) -> str:
    """A run of digits as it is written: "05" is five; "007" and very long runs are codes, read digit by digit."""
    if len(digits) > _MAX_CARDINAL_DIGITS or (len(digits) > 2 and digits.startswith("0")):
        return read_digits(digits)
    return " ".join(_cardinal_words(int(digits), False, style)) if int(digits) else "không"


def _fraction_digits(digits: str, style: _Style) -> str:
    """After "phẩy": leading zeros one by one, then up to three digits as a number ("2,05" -> hai phẩy không năm)."""
    stripped = digits.lstrip("0")
    zeros = ["không"] * (len(digits) - len(stripped))
    if not stripped:
        return " ".join(zeros)
    if len(stripped) <= 3:
        return " ".join([*zeros, _cardinal(stripped, style)])
    return " ".join([*zeros, read_digits(stripped)])


def _ordinal(number: int, style: _Style) -> str:
    return {1: "nhất", 4: "tư"}.get(number) or _cardinal(str(number), style)


def _month(number: int, style: _Style) -> str:
    return "tư" if number == 4 else _cardinal(str(number), style)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int | None:
    """I..XXXIX (and L, C for centuries); None when not a well-formed numeral."""
    values = [_ROMAN[char] for char in numeral]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 and _to_roman(total) == numeral else None


def _to_roman(number: int) -> str:
    parts = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts) + "I" * number


def spell_letters(word: str) -> str:
    """A word read letter by letter with the Vietnamese letter names: "XYZ" -> "ích i dài dét"."""
    return " ".join(LETTER_NAMES.get(char.upper(), char.lower()) for char in word)


@lru_cache(maxsize=1)
def abbreviations() -> Mapping[str, str]:
    """The abbreviation table (``data/abbreviations.csv``): abbreviation as written -> what is read."""
    with ABBREVIATIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["abbreviation"]: row["expansion"] for row in csv.DictReader(handle)}


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))


# ------------------------------------------------------------------------------------------------------------
# The rules


def _wrap(words: str) -> str:
    return f"{_O}{words}{_C}"


def _previous_word(text: str, position: int) -> str:
    match = re.search(rf"({_LETTER}+)[\s,]*$", text[max(0, position - 40) : position])
    return match.group(1).lower() if match else ""


def _next_word(text: str, position: int) -> str:
    match = re.match(rf"\s*({_LETTER}+)", text[position : position + 40])
    return match.group(1).lower() if match else ""


_URL = re.compile(
    r"(?:https?://|www\.)[^\s,;()<>\"]+[^\s,;()<>\".!?]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)(?:/[^\s,;()<>\"]*[^\s,;()<>\".!?])?(?![\w])",
    re.IGNORECASE,
)


def _addresses(text: str, style: _Style) -> str:
    def spell(match: re.Match[str]) -> str:
        address = re.sub(r"^https?://", "", match.group(0), flags=re.IGNORECASE)
        for mark, word in ((".", "chấm"), ("@", "a còng"), ("/", "gạch chéo"), ("-", "gạch ngang"), ("_", "gạch dưới")):
            address = address.replace(mark, f" {word} ")
        return _wrap(" ".join(address.split()))

    return _URL.sub(spell, text)


_PHONE_BODY = r"(?:\+\d|0|1[89]00)(?:[ .\-]?\d){2,13}"
_PHONE_AFTER_WORD = re.compile(rf"(?<!{_LETTER})((?i:{PHONE_WORDS}))(\s*(?:số)?\s*[:.]?\s*)({_PHONE_BODY})(?![\d,.]\d)")
_PHONE = re.compile(
    r"(?<![\d.,/])(?:\+84[ .]?\d(?:[ .\-]?\d){8}|0\d(?:[ .\-]?\d){8,9}|1[89]00[ .]?\d{3,4})(?![\d]|[.,]\d)"
)
_EMERGENCY = re.compile(r"(?i)(?<!\w)(gọi(?:\s+số)?|tổng đài|đường dây nóng)(\s+)(11[1-5]|1022)(?!\d)")


def _phone_words(number: str) -> str:
    groups = re.split(r"[ .\-]", number)
    if len(groups) == 1:  # one run: 4-3-3 (mobile) or 4-3-4 (landline with the area code)
        digits = groups[0].lstrip("+")
        sizes = {10: (4, 3, 3), 11: (4, 3, 4)}.get(len(digits), (3,) * (len(digits) // 3 + 1))
        groups, start = [], 0
        for size in sizes:
            if digits[start : start + size]:
                groups.append(digits[start : start + size])
            start += size
        if number.startswith("+"):
            groups[0] = "+" + groups[0]
    spoken = []
    for group in groups:
        if group.startswith("+"):
            spoken.append("cộng " + read_digits(group))
        elif group:
            spoken.append(read_digits(group))
    return ", ".join(spoken)


def _phones(text: str, style: _Style) -> str:
    text = _PHONE_AFTER_WORD.sub(lambda m: m.group(1) + m.group(2) + _B + _phone_words(m.group(3)) + _B, text)
    text = _EMERGENCY.sub(lambda m: m.group(1) + m.group(2) + _B + read_digits(m.group(3)) + _B, text)
    return _PHONE.sub(lambda m: _B + _phone_words(m.group(0)) + _B, text)


_ROAD = re.compile(r"(?<!\w)(QL|ĐT|TL|ĐH)\.?\s?(?=\d)")
_ROAD_NAMES = {"QL": "quốc lộ", "ĐT": "đường tỉnh", "TL": "tỉnh lộ", "ĐH": "đường huyện"}
_DOCUMENT_YEAR = re.compile(r"(?<![\d/])(\d{1,6})/(\d{4})/(?=[A-ZĐ])")
_DOCUMENT = re.compile(r"(?<![\d/])(\d{1,6})/(?=[A-ZĐ]{2})")


def _documents(text: str, style: _Style) -> str:
    text = _ROAD.sub(lambda m: _ROAD_NAMES[m.group(1)] + " ", text)
    text = _DOCUMENT_YEAR.sub(r"\1, năm \2, ", text)
    text = _DOCUMENT.sub(r"\1, ", text)
    return re.sub(r"(?<=[A-ZĐa-zđ])/(?=[A-ZĐ])", " ", text)  # "QĐ/TU", "TT/BTC": parts of one code


@lru_cache(maxsize=1)
def _abbreviation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    dotted = re.compile(rf"(?<!{_LETTER})({_alternation(list(DOTTED_PREFIXES))})\.\s*(?={_LETTER})")
    key = _alternation(list(abbreviations()))
    chain = re.compile(rf"(?<!{_LETTER})(?:{key})(?:-(?:{key}))*(?!{_LETTER})")  # "QĐ-UBND": two abbreviations
    return dotted, chain, re.compile(key)


def _abbreviations(text: str, style: _Style) -> str:
    dotted, chain, key = _abbreviation_patterns()
    table = abbreviations()
    text = dotted.sub(r"\1 ", text)
    return chain.sub(lambda m: " ".join(table[part] for part in key.findall(m.group(0))), text)


_PERIOD_YEAR = re.compile(r"(?<!\w)((?i:tháng|quý))(\s+)(\d{1,2}|[IV]{1,3})\s*[/.\-]\s*(\d{4})(?!\d)")
_MONTH = re.compile(r"(?i)(?<!\w)(tháng)(\s+)(\d{1,2})(?![\d/]|[.,]\d)")


def _periods(text: str, style: _Style) -> str:
    def period(match: re.Match[str]) -> str:
        word, space, number, year = match.groups()
        value = int(number) if number.isdigit() else _roman_value(number)
        if value is None or (word.lower() == "tháng" and not 1 <= value <= 12) or value == 0:
            return match.group(0)
        spoken = _month(value, style) if word.lower() == "tháng" else _cardinal(str(value), style)
        return f"{word}{space}{_wrap(spoken + ' năm ' + _cardinal(year, style))}"

    def month(match: re.Match[str]) -> str:
        value = int(match.group(3))
        if not 1 <= value <= 12:
            return match.group(0)
        return match.group(1) + match.group(2) + _wrap(_month(value, style))

    return _MONTH.sub(month, _PERIOD_YEAR.sub(period, text))


_ISO_DATE = re.compile(r"(?<![\d/.,\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_DATE = re.compile(
    r"(?<![\d/.,])(?:(?P<d0>\d{1,2})\s*[-–]\s*)?(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})"
    r"(?:(?P=sep)(?P<y>\d{4}))?(?![\d]|[/.,]\d)"
)
_FRACTION = re.compile(r"(?<![\d/.,])(\d{1,6})/(\d{1,6})(?![\d/]|[.,]\d)")
_NGAY_BEFORE = re.compile(r"(?i)ngày\s*$")


def _date_words(day: int, month: int, year: str | None, style: _Style, *, say_day: bool, first: int | None) -> str:
    words = "ngày " if say_day else ""
    if first is not None:
        words += f"{_cardinal(str(first), style)} đến ngày "
    words += f"{_cardinal(str(day), style)} tháng {_month(month, style)}"
    return words + (f" năm {_cardinal(year, style)}" if year else "")


def _dates(text: str, style: _Style) -> str:
    def iso(match: re.Match[str]) -> str:
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        say_day = not _NGAY_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()])
        return _wrap(_date_words(day, month, year, style, say_day=say_day, first=None))

    def numeric(match: re.Match[str]) -> str:
        day, month, year, sep = int(match["d"]), int(match["m"]), match["y"], match["sep"]
        first = int(match["d0"]) if match["d0"] else None
        valid = 1 <= month <= 12 and 1 <= day <= 31 and (first is None or 1 <= first < day)
        if year is None and (sep != "/" or (first is not None and not valid)):
            return match.group(0)  # "5-8 người", "1.5": a range or a decimal, read later
        say_day = not _NGAY_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()])
        if year is None and first is None:
            previous = _previous_word(match.string, match.start())
            next_word = _next_word(match.string, match.end())
            is_date = valid and (previous in DATE_WORDS or (day >= month and next_word != "số"))
            if not is_date:
                if previous in FRACTION_WORDS or next_word == "số" or day < month:
                    return _wrap(f"{_cardinal(match['d'], style)} phần {_cardinal(match['m'], style)}")
                return _wrap(f"{_cardinal(match['d'], style)} trên {_cardinal(match['m'], style)}")
        if not valid:
            return match.group(0)
        return _wrap(_date_words(day, month, year, style, say_day=say_day, first=first))

    def fraction(match: re.Match[str]) -> str:
        previous, next_word = _previous_word(match.string, match.start()), _next_word(match.string, match.end())
        above, below = match.group(1), match.group(2)
        word = "phần" if previous in FRACTION_WORDS or next_word == "số" or int(above) < int(below) else "trên"
        return _wrap(f"{_cardinal(above, style)} {word} {_cardinal(below, style)}")

    text = _DATE.sub(numeric, _ISO_DATE.sub(iso, text))
    return _FRACTION.sub(fraction, text)


_CLOCK = re.compile(r"(?<![\d:.,])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:]|[.,]\d)")
_HOUR = re.compile(rf"(?<![\d.,:])(\d{{1,2}})\s?h(\d{{2}})?(?![\d]|{_LETTER})")


def _time_words(hour: int, minute: int, second: int, style: _Style) -> str:
    words = f"{_cardinal(str(hour), style)} giờ"
    if minute:
        words += f" {_cardinal(str(minute), style)} phút"
    if second:
        words += f" {_cardinal(str(second), style)} giây"
    return words


def _times(text: str, style: _Style) -> str:
    def clock(match: re.Match[str]) -> str:
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        if hour > 24 or minute > 59 or second > 59:
            return match.group(0)
        return _wrap(_time_words(hour, minute, second, style))

    def hour(match: re.Match[str]) -> str:
        value, minute = int(match.group(1)), int(match.group(2) or 0)
        if value > 24 or minute > 59:
            return match.group(0)
        return _wrap(_time_words(value, minute, 0, style))

    return _HOUR.sub(hour, _CLOCK.sub(clock, text))


_ORDINAL = re.compile(r"(?i)(?<!\w)(thứ)(\s+)(\d{1,3})(?![\d]|[.,/]\d)")
_ROMAN_AFTER_WORD = re.compile(rf"(?i:(?<!\w){ROMAN_WORDS})(\s+)([IVXLC]{{1,7}})(?!{_LETTER}|\d)")
_ROMAN_HEADING = re.compile(r"(?m)^([ \t]*)([IVX]{1,6})([.)])(?=\s)")


def _ordinals(text: str, style: _Style) -> str:
    text = _ORDINAL.sub(lambda m: m.group(1) + m.group(2) + _wrap(_ordinal(int(m.group(3)), style)), text)

    def roman(match: re.Match[str]) -> str:
        value = _roman_value(match.group(2))
        word = match.group(0)[: match.start(1) - match.start(0)]
        if value is None or (re.search("[LC]", match.group(2)) and not word.lower().startswith("thế")):
            return match.group(0)  # "mục C", "nhóm L": letters, not 100 and 50
        spoken = _ordinal(value, style) if word.lower() == "thứ" else _cardinal(str(value), style)
        return word + match.group(1) + _wrap(spoken)

    def heading(match: re.Match[str]) -> str:
        value = _roman_value(match.group(2))
        if value is None:
            return match.group(0)
        return match.group(1) + _wrap(_cardinal(str(value), style)) + match.group(3)

    return _ROMAN_HEADING.sub(heading, _ROMAN_AFTER_WORD.sub(roman, text))


_RATE = re.compile(rf"(?<!{_LETTER})({_LETTER}+[²³23]?)((?:\s?/\s?{_LETTER}+[²³23]?)+)(?![\w/])")


def _rates(text: str, style: _Style) -> str:
    """ "đồng/kg" -> "đồng một ki-lô-gam", "người/km²" -> "người trên ki-lô-mét vuông", "sở/ngành" -> "sở, ngành"."""

    def rate(match: re.Match[str]) -> str:
        parts = [match.group(1), *(part.strip() for part in match.group(2).split("/")[1:])]
        if parts[0] in CURRENCIES:
            joiner = " một "
        elif any(part in UNITS or part in {"giờ", "ngày", "tháng", "năm", "giây", "phút"} for part in parts[1:]):
            joiner = " trên "
        else:
            return ", ".join(parts)
        return joiner.join(UNITS.get(part, part) for part in parts)

    return _RATE.sub(rate, text)


_NUMBER = (
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d|[.,]\d)"  # 1.000.000 and 1.000,5
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?!\d|[.,]\d)"  # 1,000,000 (English)
    r"|\d+(?:,\d+|(?:\.\d+)+)?)"  # 25, 2,5 (decimal comma), 2.5 and 1.2.3 ("chấm": a version, a section, a decimal)
)


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern[str]:
    units = _alternation([unit for unit in UNITS if "/" not in unit or unit in {"km/h", "m/s", "m³/s", "m3/s"}])
    return re.compile(
        rf"(?P<dollar>\$\s?)?(?P<neg>(?<![\w{_C}])(?<![\d{_C}] )[-−])?(?P<number>{_NUMBER})"
        rf"(?:(?P<space>\s?)(?P<unit>{units})(?!{_LETTER}|\d))?"
    )


def _number_words(written: str, style: _Style) -> str:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written):
        whole, _, fraction = written.replace(".", "").partition(",")
        return _cardinal(whole, style) + (f" phẩy {_fraction_digits(fraction, style)}" if fraction else "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", written):
        whole, _, fraction = written.replace(",", "").partition(".")
        return _cardinal(whole, style) + (f" phẩy {_fraction_digits(fraction, style)}" if fraction else "")
    if "," in written:
        whole, fraction = written.split(",")
        return f"{_cardinal(whole, style)} phẩy {_fraction_digits(fraction, style)}"
    if "." in written:
        whole, *parts = written.split(".")
        return " chấm ".join([_cardinal(whole, style), *(_fraction_digits(part, style) for part in parts)])
    return _cardinal(written, style)


def _numbers(text: str, style: _Style) -> str:
    def number(match: re.Match[str]) -> str:
        words = ("âm " if match["neg"] else "") + _number_words(match["number"], style)
        if match["unit"] in ATTACHED_UNITS and match["space"]:  # "Khu 5 V": a letter, not volts
            return _wrap(words) + match["space"] + match["unit"]
        if match["unit"] is not None:
            words += " " + UNITS[match["unit"]]
        if match["dollar"]:
            words += " đô la"
        return _wrap(words)

    return _number_pattern().sub(number, text)


_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in SYMBOLS))


def _symbols(text: str, style: _Style) -> str:
    return _SYMBOL.sub(lambda m: f" {SYMBOLS[m.group(0)]} ", text)


def _joins(text: str, style: _Style) -> str:
    """Ranges ("7-9", "15/8-20/8", "7h-9h", "Km 12 - Km 15") -> "đến"; "/" between numbers -> "trên"; a hyphen
    that glues a number to a word ("COVID-19", "12-QĐ") -> a space; "/" between words -> a pause."""
    text = re.sub(rf"{_C}[ \t]*[-–—][ \t]*{_O}", f"{_C} đến {_O}", text)
    text = re.sub(rf"(?<!{_LETTER})({_LETTER}+)( +{_O}[^{_C}]*{_C})[ \t]*[-–—][ \t]*(\1 +{_O})", r"\1\2 đến \3", text)
    text = re.sub(rf"{_C}[ \t]*/[ \t]*{_O}", f"{_C} trên {_O}", text)
    text = re.sub(rf"(?<=\w)-(?={_O})|(?<={_C})-(?=\w)", " ", text)
    return re.sub(r"(?<=\w)\s*/\s*(?=\w)", ", ", text)


_CAPITALS = re.compile(rf"{_LETTER}+")


def _capitals(text: str, style: _Style) -> str:
    """A word in capitals that is not a Vietnamese syllable ("XYZ", "ĐTM", "B") is read letter by letter."""

    def spell(match: re.Match[str]) -> str:
        word = match.group(0)
        if not word.isupper() or is_syllable(word):
            return word
        return spell_letters(word)

    text = re.sub(r"(?<=[A-ZĐ])-(?=[A-ZĐ])", " ", text)  # "ABC-XYZ": two codes
    return _CAPITALS.sub(spell, text)


def _tidy(text: str, style: _Style) -> str:
    text = re.sub(r"\d+", lambda m: " " + _cardinal(m.group(0), style) + " ", text)  # nothing above missed one
    text = re.sub(rf"(?<=\w)[{_O}{_C}{_B}]+(?=\w)", " ", text)
    text = re.sub(rf"[{_O}{_C}{_B}]", "", text)
    lines = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        line = re.sub(r" +([,.;:!?…)\]}])", r"\1", line)
        line = re.sub(r"([(\[{]) +", r"\1", line)
        line = re.sub(r",(?:\s*,)+", ",", line)
        line = re.sub(r"(?<=\w)([,;:.])(?=\w)", r"\1 ", line)  # "99:99", "1,2,3": the pause needs its space
        lines.append(line)
    return "\n".join(lines).strip("\n")


_RULES: tuple[Callable[[str, _Style], str], ...] = (
    _addresses, _phones, _documents, _abbreviations, _periods, _dates, _times, _ordinals, _rates, _numbers,
    _symbols, _joins, _capitals, _tidy,
)  # fmt: skip


def normalize_for_speech(text: str, *, zero_tens: str = "linh", thousand: str = "nghìn") -> str:
    """``text`` with every number, date, time, unit and abbreviation in the words a reader says (see the module).

    ``zero_tens``: "linh" (Northern, the default) or "lẻ" (Southern) for 105 = một trăm linh/lẻ năm; ``thousand``:
    "nghìn" or "ngàn". Line breaks are kept (paragraphs); other whitespace is collapsed.
    """
    style = _Style(zero_tens, thousand)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace(_O, " ").replace(_C, " ").replace(_B, " ")
    text = re.sub(r"[^\S\n]", " ", text)
    text = re.sub(r"(?![0-9])\d", lambda m: str(int(m.group())), text.translate(_FULLWIDTH))  # other scripts' digits
    for rule in _RULES:
        text = rule(text, style)
    return text
