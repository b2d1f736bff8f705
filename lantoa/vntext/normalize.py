"""Unicode normalisation and accent folding for Vietnamese."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not split them.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Canonical composed form: text from the web arrives both composed and decomposed."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, diacritics removed, whitespace collapsed: "Thái  Nguyên" -> "thai nguyen".

    Used for accent-insensitive matching; lossy on purpose (many Vietnamese words fold to the same form).
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped).strip().lower()
