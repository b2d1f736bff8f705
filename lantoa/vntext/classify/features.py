"""Features for every head: syllable unigrams and bigrams (as written and without diacritics) and character
3–5-grams of the folded words, hashed into 2**18 buckets. Social text is cleaned first: NFC, one tone placement,
lower case, common teencode and abbreviations expanded, emoticons and emoji turned into tokens, repeated letters
squeezed ("quáaaa" → "quáa"), URLs and user handles replaced.

Hashing is crc32 (stable across processes and versions): a model trained today reads tomorrow's text the same way.
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
    ":)": " emo_vui ", ":))": " emo_vui ", ":)))": " emo_vui ", "=))": " emo_vui ", ":d": " emo_vui ", "^^": " emo_vui ",
    "<3": " emo_tim ", ":(": " emo_buon ", ":((": " emo_buon ", ":'(": " emo_buon ", "-_-": " emo_chan ",
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


def prepare(text: str) -> str:
    """The text as the features see it: cleaned, lower-cased, shorthand expanded, emoji as tokens."""
    text = clean_text(text[: MAX_CHARS * 2])[:MAX_CHARS].lower()
    text = _URL.sub(" url ", text)
    text = _HANDLE.sub(" user ", text)
    text = _EMOTICON_RE.sub(lambda match: _EMOTICONS[match.group()], text)
    if not text.isascii():
        text = "".join(_emoji_token(char) if ord(char) > 0x2000 else char for char in text)
    text = _REPEAT.sub(r"\1\1", text)
    words = [TEENCODE.get(word, word) for word in _TOKEN.findall(text)]
    return " ".join(words)


@dataclass(frozen=True)
class Features:
    indices: np.ndarray  # unique hash buckets
    norm: float  # 1/sqrt(number of buckets): every text has unit length


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & MASK


def featurize(text: str) -> Features:
    words = prepare(text).split()
    folded = fold(" ".join(words)).split()
    names: list[str] = []
    names.extend(f"w:{word}" for word in words)
    names.extend(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    names.extend(f"f:{word}" for word in folded)
    names.extend(f"fb:{a}_{b}" for a, b in zip(folded, folded[1:], strict=False))
    for word in folded:
        padded = f"<{word}>"
        for size in (3, 4, 5):
            if len(padded) >= size:
                names.extend(f"c{size}:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    if not names:
        names = ["empty"]
    indices = np.unique(np.fromiter((_hash(name) for name in names), dtype=np.int64, count=len(names)))
    return Features(indices, 1.0 / float(np.sqrt(len(indices))))
