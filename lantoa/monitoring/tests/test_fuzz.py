"""Fuzzing the parsers of what outlets and uploads send us: feeds, sitemaps, listing pages, article pages, JSON Lines
and CSV imports. Random bytes and text, and almost-valid documents with hostile pieces (unbalanced tags, huge
attributes, control characters, invalid UTF-8, entity expansions, impossible dates, broken URLs).

Only the documented refusals may come out: ``DiscoveryError`` from a source kind, ``ExtractionError`` from the
extractor, a refused line (``FileRecord.reason``) from the import readers. Anything else is a bug.
"""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantoa.monitoring.extract import ExtractedArticle, ExtractionError, extract_article
from lantoa.monitoring.sources.base import Discovered, DiscoveryError
from lantoa.monitoring.sources.file.plugin import KIND as FILE
from lantoa.monitoring.sources.file.plugin import FileRecord, iter_records
from lantoa.monitoring.sources.listing.plugin import KIND as LISTING
from lantoa.monitoring.sources.rss.plugin import KIND as RSS
from lantoa.monitoring.sources.rss.plugin import _parse_date
from lantoa.monitoring.sources.sitemap.plugin import KIND as SITEMAP
from lantoa.monitoring.sources.url.plugin import KIND as URL
from lantoa.testing.fuzz import FUZZ

pytestmark = pytest.mark.slow
BASE = "https://baothainguyen.vn/tin-tuc/"

# --- hostile pieces -------------------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "\x00", "\x1b[31m", "\x0b\x0c", "\ufeff", "\u202e", "\ud800", "\U0010ffff", "\r\n", "\t",
    "&", "&amp;", "&amp;amp;", "&#0;", "&#x0;", "&#xD800;", "&#1114112;", "&#99999999999;", "&nbsp;", "&bogus;",
    "<", ">", "]]>", "<![CDATA[", "<!--", "-->", "<?xml version='1.0'?>", "<?php ?>", "\"", "'",
    "Thái Nguyên", "Thai\u0301 Nguye\u0302n", "Đ" * 300, "x" * 20_000,
]  # fmt: skip
HOSTILE_URLS = [
    "", "/", "//", "#", "?", "http://", "https://[::1", "http://[fe80::1%25eth0]/", "http://a:99999999/", "http://a:-1/",
    "http://%zz/", "javascript:alert(1)", "data:text/html,<b>", "mailto:x@y", "ftp://x/", " http://x.vn/ a ",
    "https://baothainguyen.vn/a-d1.html", "../../etc/passwd", "\x00http://x/", "http://xn--/", "http://" + "a" * 5000,
    "https://user:pass@evil.example/", "https://baothainguyen.vn/\u202e", "http://[", "http://]/", "HTTP://X.VN",
]  # fmt: skip
HOSTILE_DATES = [
    "", "0", "-1", "1e308", "nan", "9" * 40, "99999999999999", "0001-01-01", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59Z", "2025-02-30", "2025-13-01T25:61:61", "2025-02-06T20:30+07:00",
    "Mon, 32 Dec 2025 25:61:00 +9999", "Mon, 01 Jan 0001 00:00:00 +1400", "Fri, 31 Dec 9999 23:59:59 -1400",
    "Thu, 01 Jan 1970 00:00:00 GMT", "31/02/2025", "99/99/99999 99:99", "15/08/2025 09:00", "00:00 00/00/0000",
    "1/1/1 0:0", "9999-12-31", "2025-W53-8", "T", "+07:00", "Z",
]  # fmt: skip
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid UTF-8: hostile too


hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))
hostile_url = st.one_of(st.sampled_from(HOSTILE_URLS), st.text(max_size=30), st.text(max_size=10).map(BASE.__add__))
hostile_date = st.one_of(st.sampled_from(HOSTILE_DATES), st.text(max_size=30))


def soup(tags: list[str]) -> st.SearchStrategy[bytes]:
    """Bytes made of markup pieces (open and close tags in any order), hostile text, invalid UTF-8, random bytes."""
    pieces = st.one_of(
        st.sampled_from(tags).map(_encode),
        hostile_text.map(_encode),
        hostile_url.map(_encode),
        st.sampled_from(INVALID_UTF8),
        st.binary(max_size=12),
        st.just(b'<a href="' + b"x" * 20_000 + b'">'),  # a huge attribute
        st.just(b'<x a="1" a="2" ' + b"b " * 2000 + b">"),  # duplicate and countless attributes
        st.just(b"<div>" * 300),  # deep nesting, never closed
    )
    return st.lists(pieces, max_size=50).map(b"".join)


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
)


def discovered(kind: Any, body: bytes, options: dict[str, str] | None = None) -> list[Discovered]:
    """Everything ``kind`` finds in ``body``, or [] when it refuses the document with DiscoveryError."""
    try:
        items = list(kind.discover(body, BASE, options or {}))
    except DiscoveryError as error:
        assert str(error)
        return []
    for item in items:
        assert isinstance(item, Discovered)
        assert item.url is None or urlsplit(item.url).scheme in ("http", "https"), item.url
        assert item.published is None or item.published.tzinfo is not None
        assert all(isinstance(value, str) for value in item.extra.values())
    return items


# --- feeds ---------------------------------------------------------------------------------------------------------

FEED_TAGS = [
    "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>", "<link>",
    "</link>", "<guid isPermaLink='false'>", "</guid>", "<pubDate>", "</pubDate>", "<description>", "</description>",
    "<content:encoded>", "</content:encoded>", "<![CDATA[<p onclick='x()'>", "</p>]]>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>", "<updated>", "</updated>",
    "<link rel='alternate' href='", "'/>", "<summary type='html'>", "</summary>", "<id>", "</id>",
    "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", "<html><body>", "<script>", "</script>",
    "<!DOCTYPE rss [<!ENTITY e 'eeeeeeeeee'>]>", "&e;",
]  # fmt: skip


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """An RSS 2.0 or Atom feed whose values are hostile, sometimes cut short or preceded by an entity bomb."""
    entries = []
    atom = draw(st.booleans())
    for _ in range(draw(st.integers(0, 4))):
        title, link, date, text = draw(hostile_text), draw(hostile_url), draw(hostile_date), draw(hostile_text)
        if atom:
            entries.append(
                f"<entry><title type='html'>{title}</title><link href=\"{link}\"/><id>{link}</id>"
                f"<updated>{date}</updated><published>{date}</published><content type='html'>{text}</content></entry>"
            )
        else:
            entries.append(
                f"<item><title>{title}</title><link>{link}</link><guid>{text}</guid><pubDate>{date}</pubDate>"
                f"<description><![CDATA[{text}]]></description></item>"
            )
    if atom:
        document = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{''.join(entries)}</feed>"
    else:
        document = f"<rss version='2.0'><channel><title>t</title>{''.join(entries)}</channel></rss>"
    body = _encode(document)
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]
    prefix = draw(st.sampled_from([b"", b"<?xml version='1.0' encoding='utf-8'?>", ENTITY_BOMB, b"\xef\xbb\xbf"]))
    return prefix + body


@FUZZ
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(_encode), soup(FEED_TAGS), feeds()))
def test_it_reads_feeds_or_refuses_them_with_a_reason(body: bytes) -> None:
    discovered(RSS, body)


def test_it_reads_a_feed_whose_dates_overflow_when_moved_to_vietnam_time() -> None:
    """Found by fuzzing: a date at the very start or end of the calendar raised OverflowError in astimezone."""
    body = (
        b"<rss version='2.0'><channel><item><title>a</title><link>https://x.vn/a</link>"
        b"<pubDate>0001-01-01T00:00:00+14:00</pubDate></item><item><title>b</title><link>https://x.vn/b</link>"
        b"<pubDate>9999-12-31T23:59:59-14:00</pubDate></item></channel></rss>"
    )
    items = list(RSS.discover(body, BASE, {}))
    assert [item.url for item in items] == ["https://x.vn/a", "https://x.vn/b"]
    assert [item.published for item in items] == [None, None]
    assert _parse_date("0001-01-01T00:00:00+14:00") is None
    assert _parse_date("9999-12-31T23:59:59-14:00") is None


@pytest.mark.parametrize(
    "reference", [b"&#1114112;", b"&#xD800;", b"&#2147500000;", b"&#0;", b"&#x" + b"f" * 5000 + b";"]
)
def test_it_reads_a_feed_with_a_character_reference_no_text_can_hold(reference: bytes) -> None:
    """Found by fuzzing: feedparser's loose parser raised ValueError, OverflowError or UnicodeEncodeError on such a
    reference (chr() of it), losing the whole feed; it now reads as U+FFFD."""
    body = b"<rss version='2.0'><channel><item><title>Tin " + reference + b"</title><link>https://x.vn/a</link>"
    body += b"<description>a & b <p></description></item></channel></rss>"  # not well-formed: the loose parser
    [item] = RSS.discover(body, BASE, {})
    assert item.url == "https://x.vn/a"
    assert item.title in ("Tin \ufffd", "Tin")
    [item] = RSS.discover(b"<>" + reference + body, BASE, {})
    assert item.url == "https://x.vn/a"


# --- sitemaps ------------------------------------------------------------------------------------------------------

SITEMAP_TAGS = [
    "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' xmlns:news='http://www.google.com/schemas/"
    "sitemap-news/0.9'>", "</urlset>", "<sitemapindex>", "</sitemapindex>", "<url>", "</url>", "<sitemap>",
    "</sitemap>", "<loc>", "</loc>", "<lastmod>", "</lastmod>", "<news:news>", "</news:news>", "<news:title>",
    "</news:title>", "<news:publication_date>", "</news:publication_date>", "<!ENTITY x 'y'>", "&x;",
]  # fmt: skip


@st.composite
def sitemaps(draw: st.DrawFn) -> bytes:
    urls = []
    for _ in range(draw(st.integers(0, 4))):
        location, date, title = draw(st.one_of(st.just(BASE), hostile_url)), draw(hostile_date), draw(hostile_text)
        urls.append(
            f"<url><loc>{location}</loc><lastmod>{date}</lastmod><news:news><news:title>{title}</news:title>"
            f"<news:publication_date>{draw(hostile_date)}</news:publication_date></news:news></url>"
        )
    root = draw(st.sampled_from(["urlset", "sitemapindex"]))
    body = _encode(
        f"<{root} xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{''.join(urls)}</{root}>"
    )
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]
    body = draw(st.sampled_from([b"", ENTITY_BOMB])) + body
    return gzip.compress(body) if draw(st.booleans()) else body


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2000), soup(SITEMAP_TAGS), sitemaps(), st.binary(max_size=200).map(b"\x1f\x8b".__add__)
    ),
    st.sampled_from(["", "7", "-1", "x", "99999999999999999999"]),
)
def test_it_reads_sitemaps_or_refuses_them_with_a_reason(body: bytes, max_age: str) -> None:
    discovered(SITEMAP, body, {"max_age_days": max_age})


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_it_leaves_out_dates_that_overflow_when_moved_to_vietnam_time(moment: str) -> None:
    """Found by fuzzing: the sitemap and file readers raised OverflowError (astimezone) on these dates."""
    sitemap = (
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://x.vn/a</loc>"
        f"<lastmod>{moment}</lastmod></url></urlset>"
    )
    [item] = SITEMAP.discover(sitemap.encode(), BASE, {"max_age_days": "7"})
    assert item.url == "https://x.vn/a" and item.published is None
    line = json.dumps({"title": "Tin", "published": moment})
    [record] = iter_records(io.BytesIO(line.encode()), name="a.jsonl")
    assert record.item is None and moment in record.reason


BROKEN_URLS = ["http://[", "https://[::1", "http://]/", "http://[fe80::1%25eth0/a"]


@pytest.mark.parametrize("broken", BROKEN_URLS)
def test_it_skips_links_that_are_not_urls(broken: str) -> None:
    """Found by fuzzing: urljoin/urlsplit raise ValueError on an unclosed IPv6 address; the listing, sitemap and
    file readers let it out, losing the whole page, sitemap or import for one bad link."""
    listing = f"<html><head><base href='{broken}'></head><body><h2><a href='{broken}'>Sai</a></h2>"
    listing += "<h2><a href='/tin/a-d1.html'>Đúng</a></h2></body></html>"
    assert [item.url for item in LISTING.discover(listing.encode(), BASE, {})] == [
        "https://baothainguyen.vn/tin/a-d1.html"
    ]
    sitemap = f"<urlset><url><loc>{broken}</loc></url><url><loc>https://x.vn/a</loc></url></urlset>"
    assert [item.url for item in SITEMAP.discover(sitemap.encode(), BASE, {})] == ["https://x.vn/a"]
    feed = f"<rss version='2.0'><channel><item><title>a</title><link>{broken}</link></item></channel></rss>"
    assert [item.url for item in RSS.discover(feed.encode(), BASE, {})] == [None]
    lines = json.dumps({"title": "Sai", "url": broken}) + "\n" + json.dumps({"title": "Đúng", "url": BASE})
    first, second = iter_records(io.BytesIO(lines.encode()), name="a.jsonl")
    assert first.item is None and "http(s)" in first.reason
    assert second.item is not None and second.item.url == BASE
    upload = f"title,url\nSai,{broken}\nĐúng,{BASE}\n".encode()
    assert [item.title for item in FILE.discover(upload, "posts.csv", {})] == ["Đúng"]


# --- listing pages and article pages -------------------------------------------------------------------------------

HTML_TAGS = [
    "<!DOCTYPE html>", "<html lang='vi'>", "</html>", "<head>", "</head>", "<meta charset='windows-1258'>",
    "<meta charset='bogus-charset'>", "<base href='", "'>", "<body>", "</body>", "<h2>", "</h2>", "<h3>", "</h3>",
    "<article>", "</article>", "<a href='", "</a>", "<p>", "</p>", "<div class='detail-content'>", "</div>",
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"", "\"}</script>",
    "<script>", "</script>", "<style>", "</style>", "<table><tr><td>", "<svg><foreignObject>", "<math>", "<template>",
    "<meta property='article:published_time' content='", "<meta name='author' content='", "<title>", "</title>",
    "<iframe src='", "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
]  # fmt: skip


@st.composite
def article_pages(draw: st.DrawFn) -> str:
    paragraphs = "".join(
        f"<p>{draw(hostile_text)} {'Nội dung bài viết. ' * draw(st.integers(0, 8))}</p>"
        for _ in range(draw(st.integers(0, 5)))
    )
    page = (
        f"<html lang='{draw(hostile_text)}'><head><title>{draw(hostile_text)}</title>"
        f"<meta property='article:published_time' content='{draw(hostile_date)}'>"
        f"<meta name='description' content='{draw(hostile_text)}'>"
        f"<script type='application/ld+json'>{draw(json_values).__repr__() if draw(st.booleans()) else '{'}</script>"
        f"</head><body><h1>{draw(hostile_text)}</h1><div class='detail-content'>{paragraphs}"
        f"<a href='{draw(hostile_url)}'>{draw(hostile_text)}</a><span class='date'>{draw(hostile_date)}</span>"
        f"</div></body></html>"
    )
    if draw(st.booleans()):
        page = page[: draw(st.integers(0, len(page)))]
    return page


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=12,
)


@st.composite
def listing_pages(draw: st.DrawFn) -> bytes:
    links = "".join(
        f"<{tag}><a href='{draw(st.one_of(st.just(BASE), hostile_url))}' title='{draw(hostile_text)}'>"
        f"{draw(hostile_text)}</a></{tag}>"
        for tag in draw(st.lists(st.sampled_from(["h2", "h3", "h4", "article", "li"]), max_size=6))
    )
    page = f"<html><head><base href='{draw(hostile_url)}'></head><body>{links}</body></html>"
    return _encode(page[: draw(st.integers(0, len(page)))] if draw(st.booleans()) else page)


@FUZZ
@given(
    st.one_of(st.binary(max_size=2000), soup(HTML_TAGS), article_pages().map(_encode), listing_pages()),
    st.fixed_dictionaries(
        {},
        optional={
            "selector": st.sampled_from(["a", "h2 a", "::", "a[", "*:nth-child(", ":has(a)", "a" * 500, "\x00"]),
            "url_pattern": st.sampled_from(["", "-d\\d+", "(", "(a*)*$", "[", "\\"]),
            "allow_other_sites": st.sampled_from(["1", "0", "x"]),
        },
    ),
)
def test_it_reads_listing_pages_or_refuses_them_with_a_reason(body: bytes, options: dict[str, str]) -> None:
    discovered(LISTING, body, options)
    discovered(URL, body)


@FUZZ
@given(
    st.one_of(st.text(max_size=800), soup(HTML_TAGS).map(lambda b: b.decode("utf-8", "replace")), article_pages()),
    st.one_of(st.none(), hostile_url),
    st.one_of(st.none(), st.datetimes(timezones=st.timezones())),
)
def test_it_extracts_articles_or_refuses_the_page_with_a_reason(
    html: str, url: str | None, feed_published: datetime | None
) -> None:
    try:
        article = extract_article(html, url, feed_published=feed_published)
    except ExtractionError as error:
        assert str(error)
        return
    assert isinstance(article, ExtractedArticle)
    assert article.body or article.lead
    assert article.published is None or article.published.tzinfo is not None
    assert "<script" not in article.html.lower() and "onerror" not in article.html.lower()


# --- JSON Lines and CSV imports ---------------------------------------------------------------------------------------

FIELDS = ["id", "title", "sapo", "body", "text", "url", "published", "created_time", "date", "author", "page",
          "source", "kind", "Title ", "", "x" * 300]  # fmt: skip


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        record = {
            draw(st.sampled_from(FIELDS)): draw(st.one_of(hostile_text, hostile_url, hostile_date, json_values))
            for _ in range(draw(st.integers(0, 6)))
        }
        if draw(st.booleans()):  # a record that gets as far as its date and URL
            record.update(title="Tin", url=draw(st.one_of(st.just(BASE), hostile_url)), published=draw(hostile_date))
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        choice = draw(st.integers(0, 9))
        if choice == 0:
            line = line[: draw(st.integers(0, len(line)))]  # cut short
        elif choice == 1:
            line = "[" * 5000 + "]" * 5000  # deep nesting
        elif choice == 2:
            line = draw(st.sampled_from(["[]", "null", "1e999", '"x"', "{}", "NaN", '{"title": 1e400}']))
        lines.append(_encode(line))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n", b"\xff"]))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = [draw(st.sampled_from(FIELDS)) for _ in range(draw(st.integers(1, 6)))]
    header = draw(st.sampled_from([header, ["title", "published", "url", *header]]))
    rows = [delimiter.join(header)]
    for _ in range(draw(st.integers(0, 6))):
        cells = []
        for _ in range(draw(st.integers(0, len(header) + 2))):
            cell = draw(st.one_of(hostile_text, hostile_url, hostile_date))
            cells.append(draw(st.sampled_from([cell, f'"{cell}"', f'"{cell}', f'"{cell}""x"', cell + '"'])))
        rows.append(delimiter.join(cells))
    return b"\r\n".join(_encode(row) for row in rows) + draw(st.sampled_from([b"", b"\n", b"\x00", b"\xc3"]))


@st.composite
def compressed(draw: st.DrawFn, inner: st.SearchStrategy[bytes]) -> bytes:
    import bz2
    import lzma

    data = draw(inner)
    packed = draw(st.sampled_from([gzip.compress, lzma.compress, bz2.compress]))(data)
    if draw(st.booleans()):
        packed = packed[: draw(st.integers(0, len(packed)))]  # truncated
    return packed


import_files = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(_encode),
    jsonl_files(),
    csv_files(),
    compressed(st.one_of(jsonl_files(), csv_files())),
    st.sampled_from([b"PK\x03\x04", b"%PDF-1.7", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\xfd7zXZ\x00", b"BZh91AY&SY"]),
)


@FUZZ
@given(import_files, st.sampled_from(["", "jsonl", "csv", "json"]), st.sampled_from(["", "a.csv", "a.jsonl.gz"]))
def test_it_reads_import_files_line_by_line_or_refuses_lines_with_a_reason(
    data: bytes, file_format: str, name: str
) -> None:
    previous = 0
    for record in iter_records(io.BytesIO(data), name=name, file_format=file_format):
        assert isinstance(record, FileRecord)
        assert (record.item is None) != (record.reason == "")
        assert record.line >= 1 and record.line >= previous
        previous = record.line
        if record.item is not None:
            assert record.item.title or record.item.lead or record.item.text
            assert record.item.published is None or record.item.published.tzinfo is not None
            assert "\x00" not in record.item.text + record.item.title + "".join(record.item.extra.values())
        else:
            assert record.error.startswith(("dòng", "line"))


@FUZZ
@given(import_files, st.sampled_from([{}, {"strict": "1"}, {"format": "csv"}, {"default_kind": "bogus"}]))
def test_it_imports_uploads_or_refuses_them_with_a_reason(data: bytes, options: dict[str, str]) -> None:
    discovered(FILE, data, options)
