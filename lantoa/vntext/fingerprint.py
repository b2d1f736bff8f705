"""Near-duplicate fingerprints: MinHash signatures over word shingles, and LSH band keys.

Syndicated copies of one story differ by a title, a byline, a cut paragraph, a few changed words. Their sets of
word 4-shingles (on folded text: accents and case do not matter) stay mostly the same, so the Jaccard similarity
of the sets stays high while two different articles on the same subject share few 4-word sequences. MinHash
(datasketch) estimates the Jaccard similarity from fixed-size signatures; LSH (bands of the signature) finds the
candidates without comparing every pair. Parameters and thresholds: doc/dedup.md (measured on constructed pairs).

Hashing is deterministic (crc32, fixed seeds): signatures stored today must match signatures computed next year.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash  # type: ignore[import-untyped]

from lantoa.vntext.normalize import fold

NUM_PERM = 64
SHINGLE = 4
BANDS, ROWS = 16, 4  # 16 bands of 4 rows: a pair at Jaccard 0.6 becomes a candidate with probability 0.89
SEED = 20250701
_WORD = re.compile(r"\w+")  # for content_hash only
# Multipliers mixing the k word hashes of a shingle into one 32-bit value (odd, fixed).
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C], dtype=np.uint64)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)

# Word hashing without a Python loop: a polynomial hash over the UTF-8 bytes, computed for every word at once from
# prefix sums (arithmetic modulo 2**64, numpy's natural overflow). Word characters: ASCII letters and digits, and
# every byte of a multi-byte character (folded text is almost all ASCII).
_BASE = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_BASE_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
_IS_WORD = np.zeros(256, dtype=bool)
for _byte in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _IS_WORD[_byte] = True
_IS_WORD[0x80:] = True
_POWERS = np.ones(1, dtype=np.uint64)
_INVERSE_POWERS = np.ones(1, dtype=np.uint64)


def _powers(length: int) -> tuple[np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, np.dtype[np.uint64]]]:
    global _POWERS, _INVERSE_POWERS
    if len(_POWERS) < length:
        size = max(length, 2 * len(_POWERS), 1 << 16)
        with np.errstate(over="ignore"):
            _POWERS = np.cumprod(np.full(size, _BASE, dtype=np.uint64), dtype=np.uint64) * _BASE_INVERSE
            _INVERSE_POWERS = np.cumprod(np.full(size, _BASE_INVERSE, dtype=np.uint64), dtype=np.uint64) * _BASE
    return _POWERS[:length], _INVERSE_POWERS[:length]


def word_hashes(folded_text: str) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """A 64-bit hash per word of ``folded_text``, in order."""
    data = np.frombuffer(folded_text.encode("utf-8"), dtype=np.uint8)
    if len(data) == 0:
        return np.zeros(0, dtype=np.uint64)
    is_word = _IS_WORD[data]
    before = np.concatenate(([False], is_word[:-1]))
    after = np.concatenate((is_word[1:], [False]))
    starts = np.flatnonzero(is_word & ~before)
    ends = np.flatnonzero(is_word & ~after) + 1
    powers, inverse_powers = _powers(len(data) + 1)
    with np.errstate(over="ignore"):
        prefix = np.concatenate(
            (np.zeros(1, dtype=np.uint64), np.cumsum((data.astype(np.uint64) + 1) * powers[: len(data)]))
        )
        hashes: np.ndarray[Any, np.dtype[np.uint64]] = (prefix[ends] - prefix[starts]) * inverse_powers[starts]
    return hashes


def shingle_hashes(text: str, *, folded: bool = False, k: int = SHINGLE) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """32-bit hashes of the word k-shingles of ``text`` (deduplicated)."""
    ids = word_hashes(text if folded else fold(text))
    if len(ids) == 0:
        return ids
    k = min(k, len(ids))
    mixed = np.zeros(len(ids) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            mixed += ids[offset : len(ids) - k + 1 + offset] * _MIX[offset]
    return np.unique(mixed >> np.uint64(32))


@dataclass
class Fingerprint:
    signature: np.ndarray[Any, np.dtype[np.uint64]]
    # Computed once (in the analysing process) and carried along with the fingerprint.
    _band_keys: list[int] | None = field(default=None, repr=False, compare=False)

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint64))

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.signature == other.signature)) / NUM_PERM

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per band (band number mixed in), for an index column."""
        if self._band_keys is not None:
            return self._band_keys
        sig = self.signature.astype("<u4")
        keys = []
        for band in range(BANDS):
            digest = hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8, salt=bytes([band]))
            keys.append(int.from_bytes(digest.digest(), "little", signed=True))
        self._band_keys = keys
        return keys


def fingerprint(text: str, *, folded: bool = False) -> Fingerprint | None:
    """The MinHash fingerprint of ``text``; None when it has no words."""
    hashes = shingle_hashes(text, folded=folded)
    if len(hashes) == 0:
        return None
    minhash = _TEMPLATE.copy()
    minhash.update_batch(hashes.tolist())
    return Fingerprint(np.asarray(minhash.hashvalues, dtype=np.uint64) & np.uint64(0xFFFFFFFF))


def content_hash(folded_text: str) -> str:
    """Exact-duplicate key: the same text, whatever its accents, case and spacing."""
    return hashlib.blake2b(" ".join(_WORD.findall(folded_text)).encode("utf-8"), digest_size=16).hexdigest()
