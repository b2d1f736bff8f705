"""Undo Content-Encoding (gzip, deflate) incrementally, with a cap on the decoded size and on the ratio.

A few kilobytes of gzip can inflate to gigabytes (``Content-Encoding: gzip, gzip`` of zeros does it in 5 KB).
httpx's own decoders inflate each network chunk completely before anyone can count the output, so Lantoa reads the
raw stream and inflates it here with ``zlib``'s ``max_length``: no layer ever produces more than ``PIECE`` bytes at
a time, and the total is checked after every piece, so a bomb is stopped after at most the cap plus one piece.

Brotli and zstd are not decoded (no bounded decoder is installed); the client does not advertise them, and a server
that sends them anyway gets a ``ContentEncodingError``.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator

from lantoa.core.http.errors import ContentEncodingError, DecompressionBomb

PIECE = 64 * 1024
#: The ratio is only judged past this many decoded bytes: a tiny, very repetitive page is not a bomb.
RATIO_FLOOR = 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_GZIP_MAGIC = b"\x1f\x8b"


class _ZlibLayer:
    """One gzip or deflate layer, producing output in pieces of at most ``PIECE`` bytes."""

    def __init__(self, coding: str, url: str) -> None:
        self._coding = coding
        self._url = url
        # gzip: the gzip wrapper; deflate: the zlib wrapper the RFC asks for, with a fallback to the raw deflate that
        # some servers send instead (as browsers and httpx do).
        self._wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        # Input fed before the first output: replayed into a raw inflater if the zlib wrapper turns out to be absent.
        self._before_output: bytes | None = b""

    def _error(self, exc: zlib.error) -> ContentEncodingError:
        return ContentEncodingError(f"corrupt {self._coding} data from {self._url}: {exc}", url=self._url)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._before_output is not None:
            self._before_output += data
        while True:
            try:
                out = self._inflater.decompress(data, PIECE)
            except zlib.error as exc:
                if self._before_output is not None and self._coding == "deflate" and self._wbits > 0:
                    self._wbits = -zlib.MAX_WBITS
                    self._inflater = zlib.decompressobj(self._wbits)
                    data, self._before_output = self._before_output, None
                    continue
                raise self._error(exc) from exc
            if out:
                self._before_output = None
                yield out
            if self._inflater.eof:
                rest = self._inflater.unused_data
                # Several gzip members one after another are one body (RFC 1952); anything else after the end of
                # the stream (NUL padding, junk) is ignored, as browsers do.
                if self._coding == "gzip" and rest.startswith(_GZIP_MAGIC):
                    self._inflater = zlib.decompressobj(self._wbits)
                    data = rest
                    continue
                return
            data = self._inflater.unconsumed_tail
            # A full piece may leave output pending inside zlib even when all the input is consumed: ask again.
            if not data and len(out) < PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        # A truncated stream (no gzip trailer) yields what was decoded so far, as browsers show a truncated page.
        yield from self.feed(b"")


def _through(layer: _ZlibLayer, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from layer.feed(piece)


def content_codings(header: str | None) -> list[str]:
    """The codings of a Content-Encoding header, in the order they were applied (identity dropped)."""
    codings = [part.strip().lower() for part in (header or "").split(",")]
    return ["gzip" if coding == "x-gzip" else coding for coding in codings if coding and coding != "identity"]


class BodyDecoder:
    """Decodes a body chunk by chunk; raises ``DecompressionBomb`` as soon as a limit is passed."""

    def __init__(self, content_encoding: str | None, *, max_bytes: int, max_ratio: int, url: str) -> None:
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self.url = url
        self.raw_bytes = 0
        self.decoded_bytes = 0
        codings = content_codings(content_encoding)
        for coding in codings:
            if coding not in {"gzip", "deflate"}:
                raise ContentEncodingError(
                    f"{url} is sent with Content-Encoding {coding!r}, which Lantoa does not decode", url=url
                )
        # Undone last-applied first.
        self._layers = [_ZlibLayer(coding, url) for coding in reversed(codings)]

    @property
    def identity(self) -> bool:
        return not self._layers

    def _collect(self, pieces: Iterable[bytes]) -> bytes:
        out = bytearray()
        for piece in pieces:
            self.decoded_bytes += len(piece)
            if self.decoded_bytes > self.max_bytes:
                raise DecompressionBomb(
                    f"{self.url}: the decoded body exceeds {self.max_bytes} bytes "
                    f"(from {self.raw_bytes} bytes on the wire); stopped reading",
                    url=self.url,
                    bytes_read=self.raw_bytes,
                )
            if self.decoded_bytes > RATIO_FLOOR and self.decoded_bytes > self.max_ratio * max(self.raw_bytes, 1):
                raise DecompressionBomb(
                    f"{self.url}: {self.raw_bytes} compressed bytes inflate to more than {self.decoded_bytes} "
                    f"(over {self.max_ratio}:1); refused as a decompression bomb",
                    url=self.url,
                    bytes_read=self.raw_bytes,
                )
            out += piece
        return bytes(out)

    def feed(self, raw: bytes) -> bytes:
        self.raw_bytes += len(raw)
        if not self._layers:
            # Nothing to inflate; the client caps the raw size itself (ResponseTooLarge).
            self.decoded_bytes += len(raw)
            return raw
        pieces: Iterable[bytes] = (raw,)
        for layer in self._layers:
            pieces = _through(layer, pieces)  # lazy: each piece is counted before the next is inflated
        return self._collect(pieces)

    def finish(self) -> bytes:
        pieces: Iterable[bytes] = ()
        for layer in self._layers:
            pieces = itertools.chain(_through(layer, pieces), layer.flush())
        return self._collect(pieces)
