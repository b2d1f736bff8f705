"""Vietnamese text in the pre-Unicode encodings that older sites and documents still carry, converted to Unicode.

The input is always a ``str``: the page's bytes decoded as cp1252 (or latin-1, which is how undeclared pages and
Word's 8-bit text arrive), so every legacy byte is one character below U+0100 (latin-1) or one of cp1252's
typographic characters.

- **TCVN3** (TCVN 5712:1993 VN3, "ABC", the .VnTime/.VnTimeH fonts): one byte per letter. It has no capital letters
  with a tone: headings were typed in lower case in the upper-case font .VnTimeH. A word whose plain letters are all
  capitals ("THµNH", "PHÇN") is given back in capitals ("THÀNH", "PHẦN"); a lower-case heading stays lower case.
- **VNI** (VNI-Windows, the VNI-Times fonts): the base letter, then a second byte for the marks ("Vieät" = Việt,
  "ngöôøi" = người); ơ, ư, đ and the toned i are bytes of their own.
- **VIQR** (RFC 1456, plain ASCII): a( a^ e^ o^ o+ u+ dd, then the tone ' ` ? ~ . after the vowel
  ("Vie^.t Nam", "ngu+o+`i"); a backslash keeps the next mark literal.

``to_unicode`` detects and converts in one call and handles documents that mix TCVN3 and VNI (pasted paragraphs).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, NamedTuple

from lantoa.vntext.normalize import is_syllable

__all__ = ["LegacyEncoding", "detect_legacy", "tcvn3_to_unicode", "to_unicode", "viqr_to_unicode", "vni_to_unicode"]

LegacyEncoding = Literal["tcvn3", "vni", "viqr"]

# Text decoded as latin-1 has C1 control characters where cp1252 has typographic ones (“ ” – …): put those back.
# (0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in cp1252 and stay as they are.)
_C1_AS_CP1252: dict[int, str] = {
    byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0xA0) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

# --------------------------------------------------------------------------------------------------------------
# TCVN3

_TCVN3_LETTERS = {
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip
_TCVN3_TABLE: dict[int, str] = {**_C1_AS_CP1252, **{code: letter for letter, code in _TCVN3_LETTERS.items()}}
_TCVN3_TRANSLATION = str.maketrans(_TCVN3_TABLE)
_TCVN3_CAPITALS = frozenset(chr(code) for code in range(0xA1, 0xA8))  # Ă Â Ê Ô Ơ Ư Đ
# Words as TCVN3 spells them (ASCII letters and the bytes that are letters in TCVN3), or a C1 control character.
_TCVN3_WORD = re.compile("[A-Za-z" + "".join(chr(code) for code in sorted(_TCVN3_LETTERS.values())) + "]+|[\x80-\x9f]")


_ASCII_LOWER = re.compile("[a-z]")
_CAPITALS = re.compile("[A-Z\u00a1-\u00a7]")


def _shouting(line: str) -> bool:
    """A line with capitals and no lower-case ASCII letter: typed in .VnTimeH (or in capitals) throughout."""
    if _ASCII_LOWER.search(line):
        return False
    return any(count >= 2 for count, _match in enumerate(_CAPITALS.finditer(line), start=1))


def _tcvn3_word(word: str, shouting: bool = False) -> str:
    converted = word.translate(_TCVN3_TRANSLATION)
    if (
        converted != word
        and not _ASCII_LOWER.search(word)
        and (shouting or sum(1 for char in word if "A" <= char <= "Z" or char in _TCVN3_CAPITALS) >= 2)
    ):
        return converted.upper()  # typed in .VnTimeH: "THµNH" -> "THÀNH"
    return converted


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 (ABC, .VnTime) text, decoded as cp1252 or latin-1, in Unicode (NFC): "ViÖt Nam" -> "Việt Nam"."""
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        convert = _tcvn3_shouting if _shouting(line) else _tcvn3_plain
        lines.append(_TCVN3_WORD.sub(convert, line))
    return "".join(lines)


def _tcvn3_plain(match: re.Match[str]) -> str:
    return _tcvn3_word(match.group())


def _tcvn3_shouting(match: re.Match[str]) -> str:
    return _tcvn3_word(match.group(), shouting=True)


# --------------------------------------------------------------------------------------------------------------
# VNI

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({mark.upper(): value for mark, value in list(_VNI_MARKS.items())})
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
_VNI_LETTERS.update({letter.upper(): value.upper() for letter, value in list(_VNI_LETTERS.items())})
_VNI_TABLE: dict[int, str] = {**_C1_AS_CP1252, **{ord(letter): value for letter, value in _VNI_LETTERS.items()}}
_VNI_TRANSLATION = str.maketrans(_VNI_TABLE)
_VNI_MARK_TRANSLATION = str.maketrans(_VNI_MARKS)
# Marks count only after a vowel (ô and ö are ơ and ư): "Vieät", "ngöôøi"; "Ñ" and "ò" are letters on their own.
_VNI_MARKED = re.compile("([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "]+)")
# What is left of a VNI word once the marks after vowels are taken out: ASCII and the letters of their own.
_NOT_VNI = re.compile("[^\x00-\x7f" + "".join(_VNI_LETTERS) + "íìÍÌ]")


def _vni_marked(match: re.Match[str]) -> str:
    return match.group(1).translate(_VNI_TRANSLATION) + match.group(2).translate(_VNI_MARK_TRANSLATION)


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text, decoded as cp1252 or latin-1, in Unicode (NFC): "Vieät Nam" -> "Việt Nam"."""
    converted = _VNI_MARKED.sub(_vni_marked, text).translate(_VNI_TRANSLATION)
    return unicodedata.normalize("NFC", converted)


# --------------------------------------------------------------------------------------------------------------
# VIQR

_VIQR_MODIFIERS = {
    ("a", "("): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô", ("o", "+"): "ơ", ("u", "+"): "ư",
}  # fmt: skip
_VIQR_TONES = {"'": _ACUTE, "`": _GRAVE, "?": _HOOK, "~": _TILDE, ".": _DOT}
_VIQR_SIGNS = frozenset("(^+'`?~.")
_VIQR_VOWELS = frozenset("aeiouyAEIOUY")


_VIQR_PROSE = 120  # characters: a text this long ends with a full stop, a shorter one may be a title


def _viqr_tone_here(text: str, index: int) -> bool:
    """Whether the sign at ``index``, after a vowel of a word that has no tone yet, is a tone.

    As RFC 1456 has it, it is, "." and "?" included ("Bo^. GD", "o+? Ha` No^.i", "dda^u? To^i"), except a "." or
    "?" that ends a sentence or is not a tone at all: before a line break, two spaces or a digit ("U.23"); a "."
    starting an ellipsis ("rau..." but "ddo^.." is "độ."); a "?" at the very end; a "." at the very end of a text
    long enough to be prose rather than a title. (A word that has its tone already takes the next sign as
    punctuation: "No^.i.")
    """
    sign = text[index]
    if sign not in ".?":
        return True
    following = text[index + 1 : index + 3]
    if not following:
        return sign == "." and len(text) <= _VIQR_PROSE
    if sign == "." and following == "..":
        return False
    return not (following[0] in "\n\r" or following[0].isdigit() or following == "  ")


def viqr_to_unicode(text: str) -> str:
    """VIQR (ASCII Vietnamese, RFC 1456) in Unicode (NFC): "Vie^.t Nam" -> "Việt Nam", "ngu+o+`i" -> "người"."""
    out: list[str] = []
    index = 0
    length = len(text)
    toned = False  # whether the current word already has its tone
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length and text[index + 1] in _VIQR_SIGNS:
            out.append(text[index + 1])
            index += 2
            continue
        if not char.isalpha():
            toned = False
            out.append(char)
            index += 1
            continue
        if (
            char in "dD"
            and text[index + 1 : index + 2] in ("d", "D")
            and (index == 0 or not text[index - 1].isalpha() or (char == "D" and text[index - 1].isupper()))
        ):  # đ starts a syllable: "ddi", "DDa^`u"; inside capitals too, "CDDV"
            out.append("đ" if char == "d" else "Đ")
            index += 2
            continue
        if char not in _VIQR_VOWELS:
            out.append(char)
            index += 1
            continue
        letter = char
        index += 1
        if index < length:
            modified = _VIQR_MODIFIERS.get((char.lower(), text[index]))
            if modified is not None:
                letter = modified.upper() if char.isupper() else modified
                index += 1
        if index < length and text[index] in _VIQR_TONES and not toned and _viqr_tone_here(text, index):
            letter += _VIQR_TONES[text[index]]
            toned = True
            index += 1
        out.append(letter)
    return unicodedata.normalize("NFC", "".join(out).translate(_C1_AS_CP1252))


# --------------------------------------------------------------------------------------------------------------
# Detection

# What a cp1252 or latin-1 decoding never gives: Unicode Vietnamese letters (ơ ư ạ), combining marks, other scripts.
_NOT_8BIT = re.compile("[^\x00-\xff" + "".join(sorted(set(_C1_AS_CP1252.values()))) + "]")
_LATIN1_WORD = re.compile("[A-Za-z\u00a1-\u00ff]+")
# Anything but ASCII, no-break space and typographic punctuation (– — ‘ ’ “ ” • … € ™, also as C1 controls).
_BEYOND_ASCII_PROSE = re.compile("[^\x00-\xa0\u2000-\u206f\u20ac\u2122]")
_NO_VOWEL = re.compile("[b-df-hj-np-tv-xzđB-DF-HJ-NP-TV-XZĐ]+")  # "NĐ", "UBND": an abbreviation
_VIQR_HINT = re.compile(r"[aeiouyAEIOUY](?:[(^+]|[`'?~.][A-Za-z])|\b[dD][dD][aeiouyAEIOUY]")
_VIQR_WORD = re.compile(r"[A-Za-z](?:[A-Za-z]|[(^+'`?~.](?=[A-Za-z(^+'`?~.]))*[(^+'`?~.]?")

# TCVN3 or VNI needs, however short the text:
_MIN_WORDS = 2  # different words that read as Vietnamese and are not Unicode Vietnamese as they stand
_MIN_LETTERS = 3  # different non-ASCII characters in them (Albanian "së një në" has one)
_MIN_READABLE = 0.6  # share of the different words with non-ASCII characters that read as Vietnamese
_MIN_MARKED = 0.25  # share of all words that have non-ASCII characters (most Vietnamese syllables have marks)


def _mostly_unicode(text: str) -> bool:
    """Text with characters a cp1252 or latin-1 decoding never gives (ơ ư ạ, combining marks, other scripts) in any
    number (16, or 1% of a short text) is Unicode. A few are tolerated: documents get the odd Unicode letter typed
    into them."""
    hits = 0
    for hits, _match in enumerate(_NOT_8BIT.finditer(text), start=1):
        if hits >= 16:
            return True
    return hits > 0 and hits * 100 >= len(text)


def _valid(word: str) -> bool:
    """A Vietnamese syllable in lower case, capitals or title case ("ngƯ" is a misreading)."""
    word = unicodedata.normalize("NFC", word)
    return (word.islower() or word.isupper() or word.istitle()) and is_syllable(word)


def _read_tcvn3(word: str, shouting: bool = False) -> str | None:
    """The word read as TCVN3 when that gives a Vietnamese syllable and every byte is a TCVN3 letter, else None."""
    if not _TCVN3_WORD.fullmatch(word):
        return None
    converted = _tcvn3_word(word, shouting)
    return converted if converted != word and _valid(converted) else None


def _read_vni(word: str) -> str | None:
    """The word read as VNI when that gives a Vietnamese syllable and every mark follows a vowel, else None."""
    if _NOT_VNI.search(_VNI_MARKED.sub("", word)):
        return None  # a mark after a consonant ("Bé" is not VNI), or a byte VNI does not use
    converted = vni_to_unicode(word)
    return converted if _valid(converted) else None


class _Evidence(NamedTuple):
    tcvn3: int  # distinct words with non-ASCII letters that read as Vietnamese in TCVN3
    vni: int  # ... in VNI
    either: int  # ... in either
    telling: int  # those of ``either`` longer than a letter and not Unicode Vietnamese as they stand ("Dân" is)
    distinct: int  # distinct words with non-ASCII letters
    letters: int  # distinct non-ASCII characters in the words of ``either``
    share: float  # of all words, those with non-ASCII letters


def _evidence(text: str) -> _Evidence:
    words = _LATIN1_WORD.findall(text)
    marked = {word for word in words if not word.isascii()}
    tcvn3 = vni = either = telling = 0
    letters: set[str] = set()
    for word in marked:
        in_tcvn3 = _read_tcvn3(word) is not None
        in_vni = _read_vni(word) is not None
        tcvn3 += in_tcvn3
        vni += in_vni
        if in_tcvn3 or in_vni:
            either += 1
            telling += len(word) > 1 and not _valid(word)
            letters.update(char for char in word if char > "\x7f")
    share = sum(1 for word in words if not word.isascii()) / len(words) if words else 0.0
    return _Evidence(tcvn3, vni, either, telling, len(marked), len(letters), share)


def _viqr_evidence(text: str) -> tuple[int, int, int]:
    """(words with a VIQR sign inside or a modifier that read as Vietnamese, all such Vietnamese words, words)."""
    strong = marked = 0
    words = _VIQR_WORD.findall(text)
    for word in words:
        if not any(char in _VIQR_SIGNS for char in word) and word[:2].lower() != "dd":
            continue
        converted = viqr_to_unicode(word)
        if converted == word or not is_syllable(converted.rstrip(".?")):
            continue
        marked += 1
        body = word.rstrip(".?'`~")  # a sign inside the word, or a modifier, or đ: hardly ever English
        if body[:2].lower() == "dd" or any(char in _VIQR_SIGNS for char in body):
            strong += 1
    return strong, marked, len(words)


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Which legacy encoding ``text`` (decoded as cp1252/latin-1) is in; None for Unicode, English or anything else.

    Conservative: text with Unicode Vietnamese letters (ơ ư ạ), combining marks or another script is never legacy.
    TCVN3 and VNI need a quarter of the words to have non-ASCII letters, most of those to convert to well-formed
    Vietnamese syllables, at least two of these not to be Unicode Vietnamese as they stand (so "Theo Dân trí"
    stays Unicode) and three different non-ASCII characters among them. VIQR is considered only for text with no
    letters beyond ASCII and needs many words with VIQR signs (inside the word, or a( a^ o+ dd) that read as
    Vietnamese, and marked Vietnamese words to be a good share of all words.
    """
    if _mostly_unicode(text):
        return None
    if not _BEYOND_ASCII_PROSE.search(text):  # ASCII letters only (VIQR), maybe with “typographic” punctuation
        return "viqr" if _looks_viqr(text) else None
    evidence = _evidence(text)
    if (
        evidence.telling < _MIN_WORDS
        or evidence.letters < _MIN_LETTERS
        or evidence.either < _MIN_READABLE * evidence.distinct  # either: documents mix the two
        or evidence.share < _MIN_MARKED
    ):
        return None
    return "tcvn3" if evidence.tcvn3 >= evidence.vni else "vni"


def _looks_viqr(text: str) -> bool:
    hints = 0
    for hints, _match in enumerate(_VIQR_HINT.finditer(text), start=1):
        if hints >= 3:
            break
    if hints < 3:
        return False
    strong, marked, words = _viqr_evidence(text)
    return strong >= 3 and marked >= 0.3 * words


def _mixed_to_unicode(text: str, primary: Literal["tcvn3", "vni"]) -> str:
    """TCVN3 or VNI, or both: documents mix them (pasted paragraphs, even words). Each line is read in the
    encoding more of its words read in (``primary`` on a tie), and a word that only reads as Vietnamese in the
    other encoding is read in that one."""
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        evidence = _evidence(line)
        tcvn3, vni = evidence.tcvn3, evidence.vni
        first = primary if tcvn3 == vni else ("tcvn3" if tcvn3 > vni else "vni")
        shouting = _shouting(line)

        def word(match: re.Match[str], first: str = first, shouting: bool = shouting) -> str:
            original = match.group()
            if original.isascii():
                return original
            as_tcvn3 = _read_tcvn3(original, shouting)
            as_vni = _read_vni(original)
            if first == "tcvn3":
                plain = _tcvn3_word(original, shouting)
                return as_tcvn3 or (plain if _NO_VOWEL.fullmatch(plain) else as_vni) or plain
            plain = vni_to_unicode(original)
            return as_vni or (plain if _NO_VOWEL.fullmatch(plain) else as_tcvn3) or plain

        lines.append(_LATIN1_WORD.sub(word, line).translate(_C1_AS_CP1252))
    return unicodedata.normalize("NFC", "".join(lines))


def to_unicode(text: str) -> tuple[str, LegacyEncoding | None]:
    """``text`` in Unicode and the legacy encoding it was in, or ``(text, None)`` when it was not in one."""
    encoding = detect_legacy(text)
    if encoding is None:
        return text, None
    if encoding == "viqr":
        return viqr_to_unicode(text), encoding
    return _mixed_to_unicode(text, encoding), encoding
