"""Unicode normalisation, tone-mark placement, whitespace tidying and accent folding for Vietnamese.

``clean_text`` is what ingestion runs on every title, lead and body; ``fold`` is for accent-insensitive matching.
Both are built for throughput: the common case (already-NFC text in the house tone style) is a handful of C-level
string operations, and the Python-level syllable work runs only on the rare syllables that need it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = ["clean_text", "fold", "is_syllable", "nfc", "normalize_tones"]


def nfc(text: str) -> str:
    """Canonical composed form: text from the web arrives both composed and decomposed."""
    return unicodedata.normalize("NFC", text)  # quick-checks first: already-NFC text comes back as it is, fast


# --------------------------------------------------------------------------------------------------------------
# Accent folding


# Every combining mark below U+3000 (Latin, Greek, Cyrillic, ... and the marks for symbols); text with characters
# from U+3000 on (CJK, emoji) takes the general path, so the class need not cover all of Unicode.
_FAST_FOLD_END = 0x3000
_COMBINING_BELOW_3000 = re.compile(
    "[" + "".join(chr(code) for code in range(0x300, _FAST_FOLD_END) if unicodedata.combining(chr(code))) + "]"
)
_FROM_3000 = re.compile(f"[^\\x00-{chr(_FAST_FOLD_END - 1)}]")
# All whitespace (str.isspace, which is what \s and str.split use) is below U+3001.
_WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_ODD_SPACE = re.compile("[" + re.escape(_WHITESPACE.replace(" ", "").replace("\n", "")) + "]")  # not " ", "\n"
# The marks NFD gives for Vietnamese: grave, acute, circumflex, tilde, breve, hook above, horn, dot below.
_VIETNAMESE_MARKS = ("\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323")


def fold(text: str) -> str:
    """Lower-case, diacritics removed, whitespace collapsed: "Thái  Nguyên" -> "thai nguyen".

    Used for accent-insensitive matching; lossy on purpose (many Vietnamese words fold to the same form). Any
    combining mark of any script goes (NFD, then the marks dropped); đ/Đ, letters of their own, become d/D.
    """
    if not text.isascii():
        # đ/Đ are letters of their own, not d + a combining mark, so NFD does not split them.
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if _FROM_3000.search(decomposed):
            text = "".join(char for char in decomposed if not unicodedata.combining(char))
        else:
            for mark in _VIETNAMESE_MARKS:  # str.replace is much faster than a regex with ~1,000 matches
                if mark in decomposed:
                    decomposed = decomposed.replace(mark, "")
            if _COMBINING_BELOW_3000.search(decomposed):
                decomposed = _COMBINING_BELOW_3000.sub("", decomposed)
            text = decomposed
    return _collapse_spaces(text).lower()


def _collapse_spaces(text: str) -> str:
    """Every run of whitespace -> one space, ends stripped (what re.sub(r"\\s+", " ", text).strip() does)."""
    if _ODD_SPACE.search(text):
        return " ".join(text.split())  # str.split and \s agree: both are str.isspace
    if "\n" in text:
        text = text.replace("\n", " ")
    while "  " in text:  # each pass halves the runs; faster than splitting into ~1,000 words
        text = text.replace("  ", " ")
    return text.strip()


# --------------------------------------------------------------------------------------------------------------
# Tone-mark placement

_BASE_VOWELS = "aăâeêioôơuưy"
_DIACRITIC_VOWELS = "ăâêôơư"
# grave (huyền), acute (sắc), hook above (hỏi), tilde (ngã), dot below (nặng)
_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# composed toned vowel -> (vowel without the tone, tone number 1..5); and back
_SPLIT: dict[str, tuple[str, int]] = {}
_JOIN: dict[tuple[str, int], str] = {}
for _vowel in _BASE_VOWELS + _BASE_VOWELS.upper():
    _JOIN[(_vowel, 0)] = _vowel
    for _number, _mark in enumerate(_TONE_MARKS, start=1):
        _composed = unicodedata.normalize("NFC", _vowel + _mark)  # one code point: all are precomposed
        _SPLIT[_composed] = (_vowel, _number)
        _JOIN[(_vowel, _number)] = _composed

_PLAIN = "aeiouy" + "AEIOUY"
_TONED = "".join(_SPLIT)
_TONED_PLAIN = "".join(char for char, (vowel, _n) in _SPLIT.items() if vowel in _PLAIN)
_UNTONED = _BASE_VOWELS + _BASE_VOWELS.upper()
_UNTONED_DIACRITIC = _DIACRITIC_VOWELS + _DIACRITIC_VOWELS.upper()
_UNTONED_NOT_UI = "".join(char for char in _UNTONED if char not in "uUiI")
_FINAL = "(?:[cCnN][hH]|[nN][gG]|[cCmMnNpPtT])"

# Only the spellings that cannot be in the house style match; everything else (nearly all text) is left to C code.
# Every such spelling has a toned vowel T that the match starts at (so the regex engine skips ahead to the next
# toned vowel and tries the few cases there):
# - T before a vowel: 1. with a final consonant after the vowels (hòang, tòan, đừơng); 2. two more vowels and the
#   end (ngòai, ngừơi); 3. a plain T before ă â ê ô ơ ư (thúê, tìên, thủơ); 4. the u of qu, the i of gi (qúa, gìa)
# - T at the end of a word after another vowel (hoà, thuỷ, khoẻ, muà, ngoaì), but not quá, quý, giá, giữ.
_CANDIDATE = re.compile(
    rf"[{_TONED}](?:"
    rf"(?=[{_UNTONED}])(?:"  # T before a vowel
    rf"(?=[{_UNTONED}]+{_FINAL}\b)"
    rf"|(?=[{_UNTONED}]{{2}}\b)"
    rf"|(?<=[{_TONED_PLAIN}])(?=[{_UNTONED_DIACRITIC}])"
    rf"|(?<=[qQ][úùủũụÚÙỦŨỤ]|[gG][íìỉĩịÍÌỈĨỊ]))"
    rf"|\b(?:"  # T at the end of a word
    rf"(?<=[{_UNTONED_NOT_UI}][{_TONED_PLAIN}])"
    rf"|(?<=[uU][{_TONED_PLAIN}])(?<![qQ]..)"
    rf"|(?<=[iI][{_TONED_PLAIN}])(?<![gG]..)))"
)
_WORD_CHARS = re.compile(r"[^\W\d_]+")

_ONSET = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnrstvx])?")  # no p: only loanwords
_VOWEL_RUN = re.compile(f"[{_BASE_VOWELS}]*")
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_STOP_FINALS = frozenset({"c", "ch", "p", "t"})
_NUCLEI_NEEDING_FINAL = frozenset("ă â iê yê uô ươ oă uâ oo uyê".split())
_NUCLEI_WITHOUT_FINAL = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu".split()
)
_NUCLEI = _NUCLEI_NEEDING_FINAL | _NUCLEI_WITHOUT_FINAL | frozenset("a e ê i o ô ơ u ư y oa oe uê uơ uy".split())
_NUCLEI_BEFORE_CH_NH = frozenset("a ê i y oa uê uy".split())
_FRONT = ("i", "e", "ê", "y")


class _Syllable(NamedTuple):
    letters: list[str]  # the word's letters without the tone mark, case kept
    tone: int  # 0 (none) or 1..5 as in _TONE_MARKS
    onset_end: int
    nucleus: str  # lower case, without tone
    final: str  # lower case


def _parse(word: str) -> _Syllable | None:
    """Split a word into onset, vowel nucleus and final; None when it is not a well-formed Vietnamese syllable.

    Checks the spelling rules a real syllable follows (k/gh/ngh before front vowels, c/g/ng elsewhere; ch and nh
    only after a, ê, i, y; a stop final only with the acute or dot-below tone; ă, â, iê, uô, ươ only before a
    final; nuclei ending in a glide never before one), so that text in another language or in a wrongly decoded
    encoding rarely passes by chance.
    """
    tone = 0
    letters: list[str] = []
    for char in word:
        split = _SPLIT.get(char)
        if split is None:
            letters.append(char)
            continue
        if tone:
            return None  # two tone marks: not one syllable
        tone = split[1]
        letters.append(split[0])
    lower = "".join(letters).lower()
    onset_match = _ONSET.match(lower)
    onset_end = onset_match.end() if onset_match else 0
    nucleus_end = _VOWEL_RUN.match(lower, onset_end).end()  # type: ignore[union-attr]
    if nucleus_end == onset_end and lower.startswith("gi"):
        onset_end = 1  # gì, gìn: the i is the vowel, not part of the onset
        nucleus_end = _VOWEL_RUN.match(lower, onset_end).end()  # type: ignore[union-attr]
    nucleus = lower[onset_end:nucleus_end]
    final = lower[nucleus_end:]
    if nucleus not in _NUCLEI or final not in _FINALS:
        return None
    if final:
        if nucleus in _NUCLEI_WITHOUT_FINAL:
            return None
        if final in ("ch", "nh") and nucleus not in _NUCLEI_BEFORE_CH_NH:
            return None
        if final in _STOP_FINALS and tone not in (2, 5):
            return None
    elif nucleus in _NUCLEI_NEEDING_FINAL:
        return None
    onset = lower[:onset_end]
    front = nucleus.startswith(_FRONT)
    if (onset in ("k", "gh", "ngh") and not front) or (onset in ("c", "ng") and front):
        return None
    return _Syllable(letters, tone, onset_end, nucleus, final)


def is_syllable(word: str) -> bool:
    """Whether ``word`` (NFC, any case) is spelt like one Vietnamese syllable: "người", "Hòa", "QUÝ", "Việt"; not
    "café", "and", "xyz" or "viet" (a syllable ending in c, ch, p or t has the acute or dot-below tone). Where the
    tone mark sits is not checked ("hoà" and "hòa" both are)."""
    return _parse(word) is not None


def _tone_position(nucleus: str, closed: bool) -> int:
    """Index in the vowel nucleus that carries the tone, in the house style (hòa, khỏe, thủy; hoàng, thuyết)."""
    if "ươ" in nucleus:
        return nucleus.index("ơ")
    for index, vowel in enumerate(nucleus):
        if vowel in _DIACRITIC_VOWELS:
            return index
    if closed:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0  # one vowel, or two in an open syllable: hòa, khỏe, thủy, mùa, của, tài


@lru_cache(maxsize=4096)
def _place_tone(word: str) -> str:
    """The word with its one tone mark on the right vowel; unchanged when it is not a Vietnamese syllable."""
    syllable = _parse(word)
    if syllable is None or not syllable.tone:
        return word
    letters = list(syllable.letters)
    position = syllable.onset_end + _tone_position(syllable.nucleus, bool(syllable.final))
    letters[position] = _JOIN[(letters[position], syllable.tone)]
    return "".join(letters)


def _fix_candidates(text: str, first: re.Match[str]) -> str:
    pieces: list[str] = []
    done = 0
    match: re.Match[str] | None = first
    while match is not None:
        start = match.start()
        while start > 0 and (text[start - 1].isalpha()):
            start -= 1
        word = _WORD_CHARS.match(text, start)
        end = word.end() if word else match.end()
        fixed = _place_tone(word.group()) if word else ""
        if word and fixed != word.group():
            pieces.append(text[done:start])
            pieces.append(fixed)
            done = end
        match = _CANDIDATE.search(text, max(end, match.end()))
    pieces.append(text[done:])
    return "".join(pieces)


def _normalize_tones_nfc(text: str) -> str:
    first = _CANDIDATE.search(text)
    if first is None:
        return text
    return _fix_candidates(text, first)


def normalize_tones(text: str) -> str:
    """One tone-mark placement for Vietnamese syllables, so that matching sees one form of each word.

    The house style is the one official names use today: in an open syllable with "oa", "oe" or "uy" the tone sits
    on the first vowel (Hòa Bình, thủy, khỏe, not Hoà, thuỷ, khoẻ); with a final consonant it sits on the last vowel
    (hoàng, thuyết); on ă â ê ô ơ ư when there is one (ơ in ươ: người); on the middle of three vowels (ngoài). The u
    of "qu" and the i of "gi" belong to the onset (quý, quỳnh, giữa). Misplaced tones are moved too (muà -> mùa,
    hòang -> hoàng, qúa -> quá). Case is kept; words that are not a Vietnamese syllable are left as they are.
    Decomposed input is accepted and the result is NFC.
    """
    return _normalize_tones_nfc(nfc(text))


# --------------------------------------------------------------------------------------------------------------
# The ingest pipeline's one call

_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines splits
# Whitespace other than " " and "\n", and the invisible characters: rare, so a positive class finds them fast.
_UNUSUAL = re.compile("[" + re.escape(_WHITESPACE.replace(" ", "").replace("\n", "")) + "\u00ad\u200b\u2060\ufeff]")
_SPACE_RUN = re.compile(r"\s(?:(?<=[^\S \n])\s*|\s+)")  # any run of whitespace but a lone " " or "\n"


def _one_space(run: re.Match[str]) -> str:
    return "\n" if any(char in _LINE_BREAKS for char in run.group()) else " "


def _tidy_spaces(text: str) -> str:
    """Runs of whitespace with a line break -> "\\n", other runs -> " ", ends stripped, invisible characters gone."""
    if _UNUSUAL.search(text):
        return _SPACE_RUN.sub(_one_space, _INVISIBLE.sub("", text)).strip()
    # Only " " and "\n" (nearly always): str.replace, which is C and needs no callback, instead of a regex.
    while "  " in text:  # each pass halves the runs
        text = text.replace("  ", " ")
    if "\n" in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")  # the space runs are single spaces by now
        while "\n\n" in text:
            text = text.replace("\n\n", "\n")
    return text.strip()


def clean_text(text: str) -> str:
    """NFC, house tone placement, tidy whitespace: what ingestion runs on every title, lead and body.

    Whitespace: every run of whitespace that contains a line break becomes one "\\n" (so paragraphs stay one per
    line and blank lines go: "a\\n\\n\\nb" -> "a\\nb"); every other run (spaces, tabs, no-break spaces) becomes one
    space; the ends are stripped. Invisible characters that break matching (soft hyphen, zero-width space, word
    joiner, byte-order mark) are removed.
    """
    text = unicodedata.normalize("NFC", text)
    first = _CANDIDATE.search(text)
    if first is not None:
        text = _fix_candidates(text, first)
    return _tidy_spaces(text)
