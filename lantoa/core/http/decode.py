"""Bytes of a fetched page to text, with the charset found the way browsers find it, and never an exception.

Vietnamese outlets still serve pages in windows-1258 or declare utf-8 over bytes that are not (an old CMS behind a
new proxy). Order: a byte-order mark, the HTTP header, ``<meta charset>`` / ``<meta http-equiv>``, the XML
declaration (feeds, sitemaps); a declared charset is used only if the bytes really decode with it, otherwise the
next one is tried, then charset-normalizer guesses; as a last resort the bytes are decoded with replacement
characters, and ``source`` says so, so that an operator can see which outlets need a look.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message
from typing import Literal

import charset_normalizer

CharsetSource = Literal["empty", "bom", "http-header", "html-meta", "xml-declaration", "detected", "replacement"]

# As far into the document as a <meta charset> is looked for. Browsers stop at 1024 bytes, but Vietnamese outlets
# put a long <title> and description (3 bytes a letter in utf-8) before it: vnexpress's comes after 1 KB.
META_SCAN_BYTES = 8192
_META = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The WHATWG Encoding Standard decodes these labels as windows-1252: pages that say latin-1 mean windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "ansi_x3.4-1968"}
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    charset: str  # the Python codec name that decoded it ("utf-8", "cp1258", …)
    source: CharsetSource


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for an unknown label or a non-text codec ("base64")."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _WINDOWS_1252_LABELS:
        name = "cp1252"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # base64, zlib, rot13… are codecs too, but not charsets; CPython marks them so (bytes.decode refuses them).
    return info.name if getattr(info, "_is_text_encoding", True) else None


def header_charset(content_type_header: str | None) -> str | None:
    if not content_type_header:
        return None
    message = Message()
    message["content-type"] = content_type_header
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) else None


def meta_charset(body: bytes) -> str | None:
    match = _META.search(body[:META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def xml_charset(body: bytes) -> str | None:
    match = _XML_DECLARATION.match(body[:1024])
    return match.group(1).decode("ascii") if match else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _detected(body: bytes) -> DecodedText | None:
    try:
        best = charset_normalizer.from_bytes(body).best()
    except Exception:  # noqa: BLE001 - a heuristic's failure must not stop decoding; the fallback follows
        return None
    if best is None:
        return None
    codec = codec_for(best.encoding)
    text = _strict(body, codec) if codec else None
    # charset-normalizer judges samples of a long document: a guess the whole body does not decode with is wrong.
    return DecodedText(text, codec, "detected") if codec and text is not None else None


def decode_body(body: bytes, content_type_header: str | None) -> DecodedText:
    """Decode ``body``; ``content_type_header`` is the response's Content-Type, if any. Never raises."""
    declared: list[tuple[str | None, CharsetSource]] = [
        (codec_for(header_charset(content_type_header)), "http-header"),
        (codec_for(meta_charset(body)), "html-meta"),
        (codec_for(xml_charset(body)), "xml-declaration"),
    ]
    first_declared = next((codec for codec, _source in declared if codec), None)
    if not body:
        return DecodedText("", first_declared or "utf-8", "empty")
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            text = _strict(body[len(bom) :], bom_codec)
            if text is not None:
                return DecodedText(text, bom_codec, "bom")
            break
    for codec, source in declared:
        if codec:
            text = _strict(body, codec)
            if text is not None:
                return DecodedText(text, codec, source)
    detected = _detected(body)
    if detected is not None:
        return detected
    fallback = first_declared or "utf-8"
    return DecodedText(body.decode(fallback, errors="replace"), fallback, "replacement")
