"""Features for every head: syllable unigrams and bigrams (as written and without diacritics) and character
3–5-grams of the folded words, hashed into 2**18 buckets. Social text is cleaned first: NFC, one tone placement,
lower case, common teencode and abbreviations expanded, emoticons and emoji turned into tokens, repeated letters
squeezed ("quáaaa" → "quáa"), URLs and user handles replaced.

Each bucket has a value: 1 for the syllable features, ``CHAR_WEIGHT`` for buckets that only character n-grams
hit; the vector has unit length (``norm``). Hashing is crc32 (stable across processes and versions): a model
trained today reads tomorrow's text the same way.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from lantoa.vntext.normalize import clean_text, fold

BITS = 18
MASK = (1 << BITS) - 1
# Texts are cut here: a news article is classified on its title, lead and first paragraphs (speed, and the gist
# is there); comments are far shorter.
MAX_CHARS = 1500

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_REPEAT = re.compile(r"(\w)\1{2,}")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_EMOTICONS = {
    ":)": " emo_vui ", ":))": " emo_vui ", ":)))": " emo_vui ", "=))": " emo_vui ", ":d": " emo_vui ",
    "^^": " emo_vui ", "<3": " emo_tim ", ":(": " emo_buon ", ":((": " emo_buon ", ":'(": " emo_buon ",
    "-_-": " emo_chan ",
}  # fmt: skip
_EMOTICON_RE = re.compile("|".join(re.escape(key) for key in sorted(_EMOTICONS, key=len, reverse=True)))
# A few hundred forms cover most of Vietnamese social-media shorthand; the folded (no-accent) features cover the rest.
TEENCODE = {
    "k": "không", "ko": "không", "kg": "không", "khg": "không", "kh": "không", "hok": "không", "hông": "không",
    "dc": "được", "đc": "được", "dk": "được", "đk": "được", "vs": "với", "j": "gì", "gi": "gì", "mk": "mình",
    "mik": "mình", "bn": "bao nhiêu", "ns": "nói", "nt": "nhắn tin", "r": "rồi", "ròi": "rồi", "rùi": "rồi",
    "cx": "cũng", "cg": "cũng", "ng": "người", "ngta": "người ta", "tr": "trời", "trc": "trước", "bít": "biết",
    "bik": "biết", "wa": "quá", "qa": "quá", "wá": "quá", "thik": "thích", "iu": "yêu", "ok": "ổn", "oke": "ổn",
    "sp": "sản phẩm", "sd": "sử dụng", "nv": "nhân viên", "bt": "bình thường", "vl": "vãi", "vcl": "vãi", "dm": "đm",
    "đéo": "đéo", "éo": "đéo", "z": "vậy", "zậy": "vậy", "v": "vậy", "ak": "à", "ah": "à", "uk": "ừ", "uh": "ừ",
    "thui": "thôi", "hem": "không", "lun": "luôn", "nhìu": "nhiều", "mn": "mọi người", "ae": "anh em",
}  # fmt: skip


def _emoji_token(char: str) -> str:
    code = ord(char)
    if (
        0x1F600 <= code <= 0x1F64F
        or 0x1F910 <= code <= 0x1F9FF
        or 0x2600 <= code <= 0x27BF
        or 0x1F300 <= code <= 0x1F5FF
    ):
        return f" emoji_{code:x} "
    return char


def prepare(text: str, *, cleaned: bool = False) -> str:
    """The text as the features see it: cleaned, lower-cased, shorthand expanded, emoji as tokens.
    ``cleaned``: the caller already ran ``clean_text`` (the pipeline does), so it is not run twice."""
    text = (text[:MAX_CHARS] if cleaned else clean_text(text[: MAX_CHARS * 2])[:MAX_CHARS]).lower()
    text = _URL.sub(" url ", text)
    text = _HANDLE.sub(" user ", text)
    text = _EMOTICON_RE.sub(lambda match: _EMOTICONS[match.group()], text)
    if not text.isascii():
        text = "".join(_emoji_token(char) if ord(char) > 0x2000 else char for char in text)
    text = _REPEAT.sub(r"\1\1", text)
    words = [TEENCODE.get(word, word) for word in _TOKEN.findall(text)]
    return " ".join(words)


# Weight of the character n-grams against the syllable features (value 1.0): at full weight the ~9 n-grams of each
# syllable outvote its words, which costs ~3 points on short headlines; at 0.3 they still catch misspellings and
# teencode (toxicity, ViCTSD) without drowning the words.
CHAR_WEIGHT = 0.3
_CACHE_LIMIT = 200_000  # syllables (and bigram prefixes) whose hashes are kept; cleared when full


@dataclass(frozen=True)
class Features:
    indices: np.ndarray  # unique hash buckets (int64)
    values: np.ndarray  # float32 per bucket: 1.0 for syllable features, CHAR_WEIGHT for buckets only n-grams hit
    norm: float  # 1/‖values‖: every text has unit length


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & MASK


# crc32 is incremental: crc32(b"b:" + a + b"_" + b) == crc32(b, crc32(b"b:" + a + b"_")), so a bigram costs one
# C call on the cached state of its first word. The hash values are those of the plain names above.
_WORD: dict[str, tuple[int, int]] = {}  # word → (bucket of "w:word", crc state after "b:word_")
_FOLDED: dict[str, tuple[int, int, tuple[int, ...]]] = {}  # folded → ("f:" bucket, "fb:" state, n-gram buckets)


def _word(word: str) -> tuple[int, int]:
    entry = _WORD.get(word)
    if entry is None:
        if len(_WORD) >= _CACHE_LIMIT:
            _WORD.clear()
        entry = _WORD[word] = (_hash(f"w:{word}"), zlib.crc32(f"b:{word}_".encode()))
    return entry


def _folded(word: str) -> tuple[int, int, tuple[int, ...]]:
    entry = _FOLDED.get(word)
    if entry is None:
        if len(_FOLDED) >= _CACHE_LIMIT:
            _FOLDED.clear()
        padded = f"<{word}>"
        grams = [_hash(f"c{size}:{padded[i : i + size]}") for size in (3, 4, 5) for i in range(len(padded) - size + 1)]
        entry = _FOLDED[word] = (_hash(f"f:{word}"), zlib.crc32(f"fb:{word}_".encode()), tuple(grams))
    return entry


def featurize(text: str, *, cleaned: bool = False) -> Features:
    words = prepare(text, cleaned=cleaned).split()
    folded = fold(" ".join(words)).split()
    syllables: list[int] = []
    grams: list[int] = []
    crc = zlib.crc32
    previous = None
    for word in words:
        bucket, state = _word(word)
        syllables.append(bucket)
        if previous is not None:
            syllables.append(crc(word.encode(), previous) & MASK)
        previous = state
    previous = None
    for word in folded:
        bucket, state, word_grams = _folded(word)
        syllables.append(bucket)
        grams.extend(word_grams)
        if previous is not None:
            syllables.append(crc(word.encode(), previous) & MASK)
        previous = state
    if not syllables:
        syllables.append(_hash("empty"))
    strong = np.unique(np.array(syllables, dtype=np.int64))
    if grams:
        weak = np.setdiff1d(np.array(grams, dtype=np.int64), strong)  # unique, and only buckets no syllable hit
        indices = np.concatenate([strong, weak])
        values = np.concatenate([np.ones(len(strong), np.float32), np.full(len(weak), CHAR_WEIGHT, np.float32)])
    else:
        indices, values = strong, np.ones(len(strong), np.float32)
    return Features(indices, values, 1.0 / float(np.sqrt(values @ values)))
