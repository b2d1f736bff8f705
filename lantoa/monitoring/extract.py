"""Article extraction from a fetched news page: title, lead (sapo), body, author, publication time, language.

Trafilatura finds the body; what it does not do well on Vietnamese outlets is done here first:

- the **body container**: the outlets' CMSs mark it (``[itemprop=articleBody]``, ``.detail-content``,
  ``.fck_detail``, ``.singular-content``…). When one is found, Trafilatura extracts from it alone, which keeps the
  app banners and "related news" blocks around it out; otherwise it reads the whole page;
- the **lead** (sapo): ``p.description``, ``h2.sapo``, ``.detail-sapo``, ``.singular-sapo``…, else the page's
  description meta; removed from the start of the body when Trafilatura included it, as is the title;
- the **title**: the page's ``<h1>`` when it agrees with og:title/``<title>`` (outlets shorten og:title), else those;
- the **publication time**, in this order: the feed's date, the page metadata (``article:published_time``,
  ``itemprop=datePublished``, ``pubdate``, JSON-LD ``datePublished``…), then extraction from the page text
  (htmldate, refined with the time read by :func:`lantoa.vntext.dates.parse_vietnamese_datetime` from the page's
  date lines such as "Thứ Bảy, 07/03/2026 - 08:52"); times without an offset are Vietnam time.

The body comes back twice: ``body`` as plain text (one paragraph a line) and ``html``, sanitised by nh3 to a few
formatting tags. Input is bounded (size, number of elements): a real page takes about 10 ms, the largest page
allowed about 1.5 s.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime, time
from html import unescape
from itertools import islice
from typing import Any, Final
from urllib.parse import urljoin

import htmldate
import lxml.html  # type: ignore[import-untyped, unused-ignore]
import nh3
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml.cssselect import CSSSelector  # type: ignore[import-untyped, unused-ignore]
from trafilatura import bare_extraction
from trafilatura.metadata import extract_title
from trafilatura.utils import load_html

from lantoa.vntext.dates import VIETNAM, parse_any_datetime, parse_vietnamese_datetime
from lantoa.vntext.normalize import fold, nfc

__all__ = [
    "MAX_ELEMENTS",
    "MAX_HTML_CHARS",
    "PUBLISHED_SOURCES",
    "ExtractedArticle",
    "ExtractionError",
    "extract_article",
]

LOGGER = logging.getLogger(__name__)

MAX_HTML_CHARS: Final = 8_000_000
"""Larger documents are refused; the saved outlet pages are 50-600 kB."""
MAX_ELEMENTS: Final = 20_000
"""More parsed elements than this are refused: extraction time grows with them (the saved pages have 400-1,800;
20,000 paragraphs take about a second)."""
_MAX_ELEMENTS_FOR_HTMLDATE: Final = 5_000
"""htmldate (its text search takes ~200 ms on a real page, seconds on huge ones) is skipped on pages larger than
this; the page's own date lines are still read."""

_MIDNIGHT: Final = time(0)
_MAX_JSON_LD_CHARS: Final = 1_000_000
_MIN_CONTAINER_TEXT: Final = 400  # a smaller "container" is a teaser box; the whole page is read instead

PUBLISHED_SOURCES: Final = ("feed", "page-metadata", "extraction", "none")


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    lead: str
    body: str
    """Plain text, one paragraph a line, without the lead or the title."""
    author: str
    published: datetime | None
    """Timezone-aware."""
    published_source: str
    """Where ``published`` came from: "feed", "page-metadata", "extraction" or "none"."""
    html: str
    """The body as sanitised HTML (p, br, strong, em, b, i, ul, ol, li, blockquote, h2-h4, a[href], img[src, alt])."""
    language: str | None
    """ISO 639-1 code ("vi") from the page's declarations, else guessed from the text; ``None`` when unknown."""


class ExtractionError(ValueError):
    """No article can be extracted from the document; the message says why."""


# --- selectors -------------------------------------------------------------------------------------------------

# Where Vietnamese outlets put the article body, most specific first.
_BODY_SELECTORS: Final = (
    "[itemprop=articleBody]",
    "article.fck_detail",  # VnExpress
    ".singular-content",  # Dân trí (until 2025)
    ".dt-news__content",  # Dân trí
    ".detail-content",  # VCCorp CMS: Tuổi Trẻ, NLĐ, CafeF, Báo Chính phủ…
    ".detail__content",
    "#content_detail_news",  # Báo Đầu tư
    ".article__body",  # Pháp Luật TP.HCM, Thanh Niên
    "#maincontent",  # VietNamNet
    ".maincontent",
    ".content-detail",
    ".detail-content-body",
    ".article-content",
    ".entry-content",
    ".post-content",
    ".news-content",
)
# The lead/sapo; the generic ones count only when the page has exactly one.
_LEAD_SELECTORS: Final = (
    "p.description",  # VnExpress
    ".singular-sapo",  # Dân trí
    ".detail-sapo",  # VCCorp CMS
    ".detail__sapo",
    ".article__sapo",  # PLO, Thanh Niên
    ".content-detail-sapo",  # VietNamNet
    ".sapo_detail",  # Báo Đầu tư
    ".article-sapo",
    ".news-sapo",
    "h2.sapo",  # CafeF
)
_GENERIC_LEAD_SELECTORS: Final = (".sapo", ".lead", ".article__lead", ".chapeau")
_AUTHOR_SELECTORS: Final = (
    "[itemprop=author] [itemprop=name]",
    ".author-info .name",
    ".detail-author",
    ".article-detail-author__info",
    ".article__author .name",
    ".author-name",
    ".author_mail strong",
    "article.fck_detail > p.Normal[style*=right] > strong",  # VnExpress signs at the end
    "a.author",
    "[rel=author]",
)

_BODY: Final = tuple(CSSSelector(selector) for selector in _BODY_SELECTORS)
_LEAD: Final = tuple(CSSSelector(selector) for selector in _LEAD_SELECTORS)
_GENERIC_LEAD: Final = tuple(CSSSelector(selector) for selector in _GENERIC_LEAD_SELECTORS)
_AUTHOR: Final = tuple(CSSSelector(selector) for selector in _AUTHOR_SELECTORS)

# Meta tags giving the publication time, by preference (names lower-cased).
_PUBLISHED_META: Final = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
)
_ARTICLE_TYPES: Final = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "report",
        "scholarlyarticle",
    }
)
# Elements that hold the page's own date line; "now"/"today" widgets show the visit's date, not the article's.
_DATE_ELEMENTS: Final = etree.XPath(
    "//time | //*[@itemprop='datePublished' or @itemprop='dateCreated']"
    " | //*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
    " or contains(@id, 'date') or contains(@id, 'time')]"
)
_DATE_WIDGET = re.compile(r"now|today|current|clock|timeout|date_top|datetimenow|weather", re.IGNORECASE)
_DATE_IN_TEXT = re.compile(r"(?<![\d/])\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)|\d{1,2} tháng \d{1,2}", re.IGNORECASE)
_TEASER_HEADINGS: Final = etree.XPath("//h2[.//a[@href]] | //h3[.//a[@href]] | //h4[.//a[@href]]")

_SKIPPED_TAGS: Final = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_LOOKS_LIKE_HTML = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|article|main|section|div|p|h[1-6]|span|table|ul|ol|a|br|meta|title)\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f\u2060\u00ad]")
_SOURCE_PREFIX = re.compile(r"^\([^()]{1,40}\)\s*[-–—:]?\s*")
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]\s+")
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_LANGUAGE_NAMES: Final = {"vietnamese": "vi", "tiếng việt": "vi", "tieng viet": "vi", "english": "en"}

_ALLOWED_TAGS: Final = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "a", "img"}
)
_ALLOWED_ATTRIBUTES: Final = {"a": {"href"}, "img": {"src", "alt"}}
_LINK_REL: Final = "noopener noreferrer nofollow"
_URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})

# Trafilatura's internal XML -> the HTML we keep (anything not listed becomes a span, which nh3 unwraps).
_HTML_TAGS: Final = {
    "p": "p",
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "code": "p",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "table": "div",
    "row": "p",
    "div": "div",
}
_HIGHLIGHTS: Final = {"#b": "strong", "#i": "em"}
_BLOCK_TAGS: Final = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "div"})


# --- entry point -----------------------------------------------------------------------------------------------


def extract_article(html: str, url: str | None = None, *, feed_published: datetime | None = None) -> ExtractedArticle:
    """The article in ``html`` (the page as text); ``url`` resolves relative links and helps date extraction.

    Raises :class:`ExtractionError` when there is no article to extract: an empty or non-HTML document, one too
    large, a listing/home page, or a page from which no text comes out.
    """
    try:
        return _extract(html, url, feed_published)
    except ExtractionError:
        raise
    except (RecursionError, UnicodeError, ValueError, etree.LxmlError) as error:  # a page the libraries choke on
        raise ExtractionError(f"the page could not be processed ({type(error).__name__}: {error})") from error


def _extract(html: str, url: str | None, feed_published: datetime | None) -> ExtractedArticle:
    tree, elements = _parse(html)
    page = _Page(tree)
    container = _body_container(tree)
    if _looks_like_listing(tree, page, container, None):  # the clear cases, before the costly extraction
        raise ExtractionError(_LISTING)
    body_xml = _extract_body(tree, container, url)
    if body_xml is None:
        raise ExtractionError("no article text could be extracted from this page")
    if _looks_like_listing(tree, page, container, body_xml):
        raise ExtractionError(_LISTING)

    title = _title(tree, page)
    lead, lead_from_page = _lead(tree, page)
    repeated_lead = _drop_leading_repeats(body_xml, title, lead)
    if repeated_lead and not lead_from_page:
        lead = repeated_lead  # the description meta is often cut short; the page's own sapo is whole
    body = "\n".join(_text_lines(body_xml))
    if not body and not lead:
        raise ExtractionError("no article text could be extracted from this page")

    published, source = _published(tree, page, url, feed_published, use_htmldate=elements <= _MAX_ELEMENTS_FOR_HTMLDATE)
    return ExtractedArticle(
        title=title,
        lead=lead,
        body=body,
        author=_author(tree, page),
        published=published,
        published_source=source,
        html=_sanitised_html(body_xml, url),
        language=_language(tree, page, body or lead),
    )


# --- parsing ---------------------------------------------------------------------------------------------------


def _parse(html: str) -> tuple[Any, int]:
    """The parsed tree and its number of elements."""
    if not isinstance(html, str):
        raise ExtractionError(f"expected the page as text, got {type(html).__name__}")
    if not html.strip():
        raise ExtractionError("the document is empty")
    if len(html) > MAX_HTML_CHARS:
        raise ExtractionError(f"the document is too large ({len(html):,} characters, at most {MAX_HTML_CHARS:,})")
    sample = html[:20_000]
    if len(_BINARY_CHARACTERS.findall(sample)) > 0.05 * len(sample):
        raise ExtractionError("the document is binary data, not text")
    cleaned = _CONTROL_CHARACTERS.sub("", html)
    if not _LOOKS_LIKE_HTML.search(cleaned):
        raise ExtractionError("the document is not HTML")
    try:
        tree = load_html(cleaned)
        if tree is None:  # Trafilatura refuses a lone fragment ("<p>…</p>"); wrapped, it is a page
            tree = load_html(f"<html><body>{cleaned}</body></html>")
    except (ValueError, TypeError, etree.LxmlError) as error:
        raise ExtractionError(f"the document cannot be parsed as HTML: {error}") from error
    if tree is None:
        raise ExtractionError("the document cannot be parsed as HTML")
    elements = sum(1 for _ in islice(tree.iter(), MAX_ELEMENTS + 1))
    if elements > MAX_ELEMENTS:
        raise ExtractionError(f"the document has too many elements (more than {MAX_ELEMENTS:,})")
    return tree, elements


class _Page:
    """What the page declares about itself: meta tags (first non-empty value per lower-cased key) and JSON-LD."""

    def __init__(self, tree: Any) -> None:
        self.meta: dict[str, str] = {}
        for element in tree.iter("meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop") or ""
            key = key.strip().lower() or (element.get("http-equiv") or "").strip().lower()
            content = _clean_meta(element.get("content") or "")
            if key and content and key not in self.meta:
                self.meta[key] = content
        self.json_ld: list[dict[str, Any]] = list(_json_ld_objects(tree))
        self.articles = [item for item in self.json_ld if _types(item) & _ARTICLE_TYPES]

    def first(self, *keys: str) -> str:
        for key in keys:
            if self.meta.get(key):
                return self.meta[key]
        return ""


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            continue
        yield from _walk_json(data, depth=0)


def _walk_json(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _walk_json(data[key], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(entry).lower() for entry in values if entry}


# --- title, lead, author, language -----------------------------------------------------------------------------


def _title(tree: Any, page: _Page) -> str:
    declared = page.first("og:title", "twitter:title") or _json_ld_text(page.articles, "headline")
    document_title = _clean(tree.findtext(".//title") or "")
    # "<title>" is "Headline - Site name": its longest part is the headline
    document_headline = max(_TITLE_SEPARATORS.split(document_title), key=len) if document_title else ""
    references = [value for value in (declared, document_headline) if value]
    for heading in tree.iter("h1"):
        text = _clean(heading.text_content())
        if len(text) < 4 or len(text) > 400:
            continue
        if not references or any(_similar(text, reference) for reference in references):
            return text
    return declared or document_headline or _clean(extract_title(tree) or "")


def _similar(first: str, second: str) -> bool:
    """Most words shared: the H1 and og:title of one article differ by a word or two, a logo H1 shares none."""
    words_first, words_second = set(fold(first).split()), set(fold(second).split())
    if not words_first or not words_second:
        return False
    return len(words_first & words_second) / max(len(words_first), len(words_second)) >= 0.6


def _lead(tree: Any, page: _Page) -> tuple[str, bool]:
    """The sapo and whether it was found in the page itself (True) or only in the description meta (False)."""
    for selector in _LEAD:
        for element in selector(tree):
            text = _clean(element.text_content())
            if len(text) >= 20:
                return text, True
    for selector in _GENERIC_LEAD:
        texts = [text for element in selector(tree) if len(text := _clean(element.text_content())) >= 20]
        if len(texts) == 1:
            return texts[0], True
    return page.first("description", "og:description", "twitter:description"), False


def _author(tree: Any, page: _Page) -> str:
    names: list[str] = []
    for article in page.articles:
        authors = article.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and "organization" not in _types(author):
                name = author.get("name")
                names.extend(_clean_meta(str(part)) for part in (name if isinstance(name, list) else [name]) if part)
            elif isinstance(author, str):
                names.append(_clean_meta(author))
    names = [name for name in names if _plausible_author(name, page)]
    if names:
        return ", ".join(dict.fromkeys(names))
    for key in ("dable:author", "article:author", "author"):
        value = page.meta.get(key, "")
        if _plausible_author(value, page):
            return ", ".join(_clean(part) for part in value.split(";") if part.strip())
    for selector in _AUTHOR:
        for element in selector(tree):
            text = _clean(re.sub(r"\bvà \d+ tác giả khác\b", "", element.text_content()))
            if _plausible_author(text, page):
                return text
    return ""


def _plausible_author(name: str, page: _Page) -> bool:
    """A person's name, not the outlet ("VnExpress", "baodautu.vn", "TUOI TRE ONLINE") nor a profile URL."""
    if not name or len(name) > 80 or "://" in name or "@" in name:
        return False
    folded = fold(name)
    if re.search(r"\.(?:vn|com|net|org)\b|online|news|vccorp|\bbao\b", folded):
        return False
    site = fold(page.first("og:site_name"))
    return not (site and (folded in site or site in folded))


def _language(tree: Any, page: _Page, text: str) -> str | None:
    declared = [
        tree.get("lang") or "",
        tree.get("xml:lang") or "",
        page.first("content-language", "language", "inlanguage", "dc.language", "og:locale"),
        _json_ld_text(page.json_ld, "inLanguage"),
    ]
    for value in declared:
        code = _language_code(value)
        if code:
            return code
    sample = text[:2000]
    letters = sum(1 for char in sample if char.isalpha())
    if letters >= 50 and len(_VIETNAMESE_LETTERS.findall(sample)) / letters > 0.05:
        return "vi"
    return None


def _language_code(value: str) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    if value in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value]
    primary = re.split(r"[-_,; ]", value)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _json_ld_text(items: list[dict[str, Any]], key: str) -> str:
    for item in items:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return _clean_meta(value)
    return ""


# --- publication time ------------------------------------------------------------------------------------------


def _published(
    tree: Any, page: _Page, url: str | None, feed_published: datetime | None, *, use_htmldate: bool
) -> tuple[datetime | None, str]:
    if feed_published is not None:
        return parse_any_datetime(feed_published), "feed"
    found = _metadata_published(tree, page)
    if found is not None:
        return found, "page-metadata"
    found = _extracted_published(tree, url, use_htmldate=use_htmldate)
    if found is not None:
        return found, "extraction"
    return None, "none"


def _metadata_published(tree: Any, page: _Page) -> datetime | None:
    values = [page.meta.get(key, "") for key in _PUBLISHED_META]
    values += [_json_ld_text(page.articles, "datePublished"), _json_ld_text(page.json_ld, "datePublished")]
    values += [
        element.get("datetime") or element.get("content") or ""
        for element in tree.xpath("//*[@itemprop='datePublished'][@datetime or @content]")
    ]
    for value in values:
        parsed = parse_vietnamese_datetime(value) if value else None
        if parsed is not None:
            return parsed
    return None


def _extracted_published(tree: Any, url: str | None, *, use_htmldate: bool) -> datetime | None:
    """htmldate's day, with the time of day from the page's own date line when one agrees with it.

    htmldate's markup search (time elements, date classes, the URL) is trusted on its own. Its text search is not:
    it turns a bare year ("năm 2025") into 1 January and may read "07/03/2026" month-first; so it is only run when
    the page has date lines of its own, and only to choose among them.
    """
    candidates = list(islice(_date_lines(tree), 60))
    ordered = sorted(candidates, key=lambda candidate: candidate.time() == _MIDNIGHT)  # those with a time first
    day = _htmldate_day(tree, url, extensive=False) if use_htmldate else None
    from_markup = day is not None
    if day is None and use_htmldate and ordered:
        day = _htmldate_day(tree, url, extensive=True)
    if day is not None:
        for candidate in ordered:
            found = candidate.date()
            if found == day or (found.year, found.month, found.day) == (day.year, day.day, day.month):
                return candidate  # the second case: htmldate read a day-first date month-first
        if from_markup:
            return datetime(day.year, day.month, day.day, tzinfo=VIETNAM)
    return ordered[0] if ordered else None


def _htmldate_day(tree: Any, url: str | None, *, extensive: bool) -> date | None:
    try:
        found = htmldate.find_date(tree, extensive_search=extensive, original_date=True, url=url)
    except (ValueError, TypeError, OverflowError, etree.LxmlError):
        LOGGER.debug("htmldate failed", exc_info=True)
        return None
    if not found:
        return None
    try:
        return date.fromisoformat(found[:10])
    except ValueError:
        return None


def _date_lines(tree: Any) -> Iterator[datetime]:
    """Dates written on the page: first the elements marked as dates, then any short text holding one."""
    seen = 0
    for element in _DATE_ELEMENTS(tree):
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _DATE_WIDGET.search(marks):
            continue
        for value in (element.get("datetime") or "", _clean(element.text_content())):
            if value and len(value) <= 120:
                parsed = parse_vietnamese_datetime(value)
                if parsed is not None:
                    yield parsed
                    break
        seen += 1
        if seen > 200:
            break
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            continue
        for chunk in (element.text, element.tail):
            if not chunk:
                continue
            hit = _DATE_IN_TEXT.search(chunk)
            if hit is None:
                continue
            window = _clean(element.text_content()) if chunk is element.text else chunk
            if len(window) > 120:
                window = chunk[max(0, hit.start() - 40) : hit.end() + 40]
            parsed = parse_vietnamese_datetime(window)
            if parsed is not None:
                yield parsed


# --- listing pages ---------------------------------------------------------------------------------------------


_LISTING: Final = "this looks like a listing or home page (many linked headlines, no article markup)"


def _looks_like_listing(tree: Any, page: _Page, container: Any | None, body: Any | None) -> bool:
    """Nothing marking an article (publication metadata, Article JSON-LD, a substantial body container) and many
    linked headlines: at least 15 headings holding a link, or 8 (or 15 long links) when what Trafilatura extracted
    (``body``; ``None`` before extraction) is short or mostly link text. Measured on the saved pages: listings have
    18-67 such headings, articles 0-36 but always publication metadata or a body container."""
    if page.articles or any(page.meta.get(key) for key in _PUBLISHED_META[:4]):
        return False
    if container is not None and len(_clean(container.text_content())) >= 1000:
        return False
    teasers = sum(1 for heading in _TEASER_HEADINGS(tree) if len(_clean(heading.text_content()).split()) >= 4)
    if teasers >= 15:
        return True
    headline_links = len({link.get("href") for link in tree.iter("a") if len(_clean(link.text_content()).split()) >= 6})
    if body is None or (teasers < 8 and headline_links < 15):
        return False
    text = len(_clean(" ".join(body.itertext())))
    link_text = sum(len(_clean(" ".join(link.itertext()))) for link in body.iter("ref"))
    return text < 1500 or link_text >= 0.2 * text


# --- body ------------------------------------------------------------------------------------------------------


def _body_container(tree: Any) -> Any | None:
    for selector in _BODY:
        for element in selector(tree):
            if len(_clean(element.text_content())) >= _MIN_CONTAINER_TEXT:
                return element
    return None


def _extract_body(tree: Any, container: Any | None, url: str | None) -> Any | None:
    if container is not None:
        focused = lxml.html.Element("html")
        etree.SubElement(focused, "body").append(deepcopy(container))
        body = _trafilatura(focused, url)
        if body is not None and len(_clean(" ".join(body.itertext()))) >= 150:
            return body
    return _trafilatura(tree, url)


def _trafilatura(tree: Any, url: str | None) -> Any | None:
    try:
        document = bare_extraction(
            tree,
            url=url,
            fast=True,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            with_metadata=False,
            output_format="xml",  # not "python": that also renders a text we do not use (half a second on big pages)
        )
    except (ValueError, TypeError, AttributeError, RecursionError, etree.LxmlError) as error:
        LOGGER.warning("trafilatura failed on %s: %s", url, error)
        return None
    if document is None or isinstance(document, dict):
        return None
    return document.body


def _drop_leading_repeats(body: Any, title: str, lead: str) -> str:
    """Remove the title and the lead where Trafilatura kept them as the body's first blocks; the removed lead's
    text is returned ("" when it was not there)."""
    wanted = {"title": _comparable(title), "lead": _comparable(lead)}
    removed_lead = ""
    for child in list(body)[:6]:
        raw = _clean(_inline_text(child))
        text = _comparable(raw)
        if not text:
            continue  # an image between the title and the lead
        matched = [name for name, target in wanted.items() if target and _same_text(text, target)]
        if not matched:
            break
        body.remove(child)
        if "lead" in matched:
            removed_lead = raw
        for name in matched:
            wanted[name] = ""
    return removed_lead


def _comparable(text: str) -> str:
    return fold(_SOURCE_PREFIX.sub("", _clean(text)))


def _same_text(text: str, target: str) -> bool:
    """Equal, or one the start of the other (a description meta cut short, "…" stripped) and most of it."""
    if text == target:
        return True
    shorter, longer = sorted((text.rstrip(" .…"), target.rstrip(" .…")), key=len)
    return len(shorter) >= 30 and len(shorter) >= 0.6 * len(longer) and longer.startswith(shorter)


def _inline_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "graphic":
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_lines(body: Any) -> list[str]:
    chunks: list[str] = []
    _collect_text(body, chunks)
    lines: list[str] = []
    for chunk in chunks:
        for line in chunk.split("\n"):
            cleaned = _clean(line)
            if cleaned:
                lines.append(cleaned)
    return lines


def _collect_text(element: Any, chunks: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == "graphic":
            pass
        elif tag == "table":
            for row in child.iter("row"):
                chunks.append(" | ".join(_clean(_inline_text(cell)) for cell in row if cell.tag == "cell"))
        elif any(grandchild.tag in _BLOCK_TAGS for grandchild in child):
            chunks.append(child.text or "")
            _collect_text(child, chunks)
        else:
            chunks.append(_inline_text(child))
        if child.tail and child.tail.strip():
            chunks.append(child.tail)


def _sanitised_html(body: Any, url: str | None) -> str:
    converted = deepcopy(body)
    for element in converted.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag
        attributes = dict(element.attrib)
        element.attrib.clear()
        if tag == "head":
            level = int(attributes.get("rend", "h3")[1:] or 3) if attributes.get("rend", "")[1:].isdigit() else 3
            element.tag = f"h{min(max(level, 2), 4)}"
        elif tag == "hi":
            element.tag = _HIGHLIGHTS.get(attributes.get("rend", ""), "span")
        elif tag == "list":
            element.tag = "ol" if attributes.get("rend") == "ol" else "ul"
        elif tag == "cell":
            element.tag = "span"
            element.tail = " " + (element.tail or "")
        else:
            element.tag = _HTML_TAGS.get(tag, "span")
        if element.tag == "a" and attributes.get("target"):
            element.set("href", _absolute(attributes["target"], url))
        elif element.tag == "img" and attributes.get("src"):
            element.set("src", _absolute(attributes["src"], url))
            if attributes.get("alt"):
                element.set("alt", attributes["alt"])
    parts = [etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in converted]
    cleaned = nh3.clean(
        "\n".join(parts),
        tags=set(_ALLOWED_TAGS),
        attributes=_ALLOWED_ATTRIBUTES,
        link_rel=_LINK_REL,
        url_schemes=set(_URL_SCHEMES),
        strip_comments=True,
    )
    return re.sub(r"<p>\s*</p>\n?", "", cleaned).strip()


def _absolute(link: str, url: str | None) -> str:
    link = link.strip()
    if not url:
        return link
    try:
        return urljoin(url, link)
    except ValueError:
        return link


def _clean(text: str) -> str:
    """NFC, invisible characters removed, whitespace collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", nfc(text))).strip()


def _clean_meta(text: str) -> str:
    """Meta values are sometimes escaped twice ("NH&#7852;T XUÂN")."""
    return _clean(unescape(text)) if "&" in text else _clean(text)
