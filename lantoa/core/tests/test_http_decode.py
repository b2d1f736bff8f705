"""``decode_body``: which charset wins, and that bad bytes never raise."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import charset_normalizer
import pytest

from lantoa.core.http import decode_body
from lantoa.core.http.decode import codec_for, header_charset, meta_charset, xml_charset

VIETNAMESE = "Tỉnh Thái Nguyên đẩy mạnh chuyển đổi số trong cơ quan nhà nước. "


def test_it_prefers_the_http_header() -> None:
    body = f"<html><head><meta charset='windows-1258'></head><body>{VIETNAMESE}</body></html>".encode()
    decoded = decode_body(body, 'text/html; charset="UTF-8"')
    assert (decoded.charset, decoded.source) == ("utf-8", "http-header")
    assert VIETNAMESE in decoded.text


def test_it_reads_meta_charset_and_http_equiv() -> None:
    page = f"<html><head><meta charset=windows-1258></head><body>{VIETNAMESE}</body></html>"
    decoded = decode_body(page.encode("cp1258", errors="ignore"), "text/html")
    assert (decoded.charset, decoded.source) == ("cp1258", "html-meta")
    old = (
        b'<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"></head>caf\xe9 \x93x\x94'
    )
    decoded = decode_body(old, None)
    # latin-1 labels mean windows-1252, as in browsers: 0x93/0x94 are curly quotes, not control characters.
    assert (decoded.charset, decoded.source, decoded.text[-8:]) == ("cp1252", "html-meta", "café “x”")


def test_it_reads_the_xml_declaration_of_feeds() -> None:
    feed = f'<?xml version="1.0" encoding="windows-1258"?><rss><title>{VIETNAMESE}</title></rss>'
    body = feed.encode("cp1258", errors="ignore")
    decoded = decode_body(body, "application/rss+xml")
    assert (decoded.charset, decoded.source) == ("cp1258", "xml-declaration")


def test_it_honours_a_byte_order_mark_over_the_header() -> None:
    decoded = decode_body(codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"), "text/html; charset=iso-8859-1")
    assert (decoded.text, decoded.charset, decoded.source) == (VIETNAMESE, "utf-16-le", "bom")
    decoded = decode_body(codecs.BOM_UTF8 + VIETNAMESE.encode(), None)
    assert (decoded.text, decoded.source) == (VIETNAMESE, "bom")


def windows_1258(text: str) -> bytes:
    """Encode as windows-1258 does: tone marks as combining characters after the (possibly accented) vowel."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + "".join(c for c in decomposed if c in tones)).encode("cp1258"))
    return b"".join(out)


def test_it_falls_back_to_detection_when_the_declared_charset_lies() -> None:
    body = windows_1258(VIETNAMESE * 20)
    decoded = decode_body(body, "text/html; charset=utf-8")  # the header says utf-8; the bytes are not
    assert (decoded.charset, decoded.source) == ("cp1258", "detected")
    assert unicodedata.normalize("NFC", decoded.text) == VIETNAMESE * 20
    page = b'<html><head><meta charset="utf-8"></head><body>' + body + b"</body></html>"
    decoded = decode_body(page, None)  # the page says utf-8; the bytes are not
    assert (decoded.charset, decoded.source) == ("cp1258", "detected")


def test_it_never_raises_on_garbage() -> None:
    for body in (b"\xff\xfe\xfd" * 7, b"\x80", bytes(range(256)) * 3, b"\xc3"):
        for header in (None, "text/html; charset=utf-8", "text/html; charset=nonsense-42", "text/html; charset=base64"):
            assert isinstance(decode_body(body, header).text, str)


def test_it_says_when_it_had_to_replace_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(body: bytes) -> object:
        raise RuntimeError("the detector failed")

    # The detector failing (or finding nothing) must not raise either: the last resort is replacement characters.
    monkeypatch.setattr(charset_normalizer, "from_bytes", broken)
    decoded = decode_body(b"caf\xc3 \xff", "text/plain; charset=utf-8")
    assert (decoded.text, decoded.charset, decoded.source) == ("caf\ufffd \ufffd", "utf-8", "replacement")
    decoded = decode_body(b"\xff", "text/plain; charset=us-ascii")
    assert (decoded.text, decoded.charset, decoded.source) == ("ÿ", "cp1252", "http-header")


def test_it_decodes_empty_bodies() -> None:
    assert decode_body(b"", None).text == ""
    assert decode_body(b"", "text/html; charset=windows-1258").charset == "cp1258"
    assert decode_body(b"", None).source == "empty"


def test_it_parses_labels_strictly() -> None:
    assert codec_for("UTF8") == "utf-8"
    assert codec_for("latin1") == "cp1252"
    assert codec_for("x-unknown") is None
    assert codec_for("base64") is None  # a bytes-to-bytes codec is not a charset
    assert codec_for("") is None
    assert header_charset("text/html; Charset='UTF-8'") in {"UTF-8", "'UTF-8'"}
    assert header_charset("text/html") is None
    assert meta_charset(b'<meta http-equiv="content-type" content="text/html;charset=utf-8" />') == "utf-8"
    assert xml_charset(b"  <?xml version='1.0' encoding='ISO-8859-1'?>") == "ISO-8859-1"
    assert xml_charset(b"<rss><?xml encoding='x'?>") is None


@pytest.mark.shared_data
def test_it_decodes_recorded_outlet_pages(shared_data: Path) -> None:
    folder = shared_data / "web/html/tracking_news-mcp"
    for page in sorted(folder.glob("*.html")):
        decoded = decode_body(page.read_bytes(), "text/html")
        assert decoded.source in {"html-meta", "detected"}, page.name
        assert "\ufffd" not in decoded.text[:5000], page.name
