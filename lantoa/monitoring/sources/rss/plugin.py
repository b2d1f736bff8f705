"""RSS 2.0 / Atom feeds, parsed by feedparser as served: a feed that is not well-formed (raw ``&`` in an attribute,
a mismatched tag) still gives its entries; a document with no entries and a parse error is refused with the
parser's reason.

Options: none.
"""

from __future__ import annotations

import calendar
import html
import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, cast
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser  # type: ignore[import-untyped, unused-ignore]
import lxml.etree  # type: ignore[import-untyped, unused-ignore]
import lxml.html  # type: ignore[import-untyped, unused-ignore]
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind
from lantoa.vntext import nfc

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Elements after which the text of an HTML fragment starts a new line.
_HEADINGS = tuple(f"h{level}" for level in range(1, 7))
_BLOCKS = ("p", "div", "br", "li", "tr", "blockquote", "section", "article", "figure", "figcaption", "pre", *_HEADINGS)
# An entity left over after one round of unescaping: outlets double-escape ("&amp;apos;").
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T,-]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


# The real Content-Type is not passed to discover(); without one, feedparser flags every document as bozo.
_HEADERS = {"content-type": "application/xml"}


class RssKind:
    code = "rss"
    label = cast(str, gettext_lazy("Nguồn tin RSS/Atom"))
    needs_url = True

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        if not body.strip():
            raise DiscoveryError(_("Tài liệu rỗng."))
        # A BytesIO, never the bytes: feedparser opens a bytes/str argument as a file name or URL when it can.
        try:
            parsed = feedparser.parse(
                io.BytesIO(_CHARACTER_REFERENCE.sub(_valid_reference, body)),
                response_headers=_HEADERS | {"content-location": base_url},
            )
        except (ValueError, OverflowError, UnicodeError) as error:  # feedparser's loose parser, on what we missed
            raise DiscoveryError(_("Không đọc được nguồn RSS/Atom: %(reason)s") % {"reason": error}) from None
        items = [item for entry in parsed.entries if (item := _item(entry, base_url)) is not None]
        if not items:
            if not parsed.get("version") and _looks_like_html(body):
                raise DiscoveryError(_("Đây là một trang HTML, không phải nguồn RSS/Atom (dùng loại “listing”)."))
            if parsed.get("bozo"):
                reason = parsed.get("bozo_exception")
                raise DiscoveryError(_("Không đọc được nguồn RSS/Atom: %(reason)s") % {"reason": reason})
            if not parsed.get("version"):
                raise DiscoveryError(_("Không phải nguồn RSS/Atom."))
        yield from items


def _item(entry: Mapping[str, Any], base_url: str) -> Discovered | None:
    link = _absolute(str(entry.get("link") or ""), base_url)
    external_id = str(entry.get("id") or "").strip() or None
    title = _clean(str(entry.get("title") or ""), html_markup=_is_html(entry.get("title_detail")))
    if not (link or external_id or title):
        return None  # an empty <item/>, or what a broken document left of one
    text = "\n".join(filter(None, (_html_text(str(part.get("value") or "")) for part in entry.get("content") or [])))
    lead = _clean(str(entry.get("summary") or ""), html_markup=True)
    if lead == " ".join(text.split()):
        lead = ""  # Atom with <content> only: feedparser copies it into the summary
    extra: dict[str, str] = {}
    tags = [_clean(str(tag.get("term") or "")) for tag in entry.get("tags") or []]
    if any(tags):
        extra["tags"] = ", ".join(tag for tag in tags if tag)
    for enclosure in entry.get("enclosures") or []:
        if str(enclosure.get("type") or "").startswith("image/") and enclosure.get("href"):
            extra["image"] = _absolute(str(enclosure["href"]), base_url) or ""
            break
    author_detail = entry.get("author_detail") or {}
    return Discovered(
        url=link,
        external_id=external_id,
        title=title,
        lead=lead,
        text=text,
        author=_clean(str(author_detail.get("name") or entry.get("author") or "")),
        published=_published(entry),
        extra={key: value for key, value in extra.items() if value},
    )


def _absolute(link: str, base_url: str) -> str | None:
    link = link.strip()
    if not link:
        return None
    try:
        absolute = urljoin(base_url, link)
        return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    except ValueError:  # "http://[" (an unclosed IPv6 address) and the like
        return None


def _is_html(detail: object) -> bool:
    return isinstance(detail, Mapping) and "html" in str(detail.get("type") or "")


def _clean(value: str, *, html_markup: bool = False) -> str:
    text = _html_text(value) if html_markup else value
    return " ".join(_unescape_left_over(text).split())


def _unescape_left_over(text: str) -> str:
    return _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def _html_text(markup: str) -> str:
    """Readable text of an HTML fragment: tags dropped, a line per block, spaces collapsed, NFC."""
    if not markup.strip():
        return ""
    if "<" not in markup:
        return _lines(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _lines(markup)
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return _lines(str(root.text_content()))


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in _unescape_left_over(text).splitlines())
    return nfc("\n".join(line for line in lines if line))


def _published(entry: Mapping[str, Any]) -> datetime | None:
    """Publication time in Vietnam's time zone. The feed's own string is read first, so that a time without a zone
    is taken as Vietnamese local time (feedparser would take it as UTC)."""
    for key in ("published", "updated", "created"):
        raw = str(entry.get(key) or "").strip()
        if raw and (moment := _parse_date(raw)) is not None:
            return moment
        structured = entry.get(f"{key}_parsed")
        if structured:  # feedparser's reading, in UTC
            try:
                return datetime.fromtimestamp(calendar.timegm(structured), tz=UTC).astimezone(VIETNAM)
            except (OverflowError, OSError, ValueError):  # a year the platform cannot represent
                return None
    return None


def _parse_date(raw: str) -> datetime | None:
    moment: datetime | None = None
    try:
        moment = parsedate_to_datetime(raw)  # RFC 822, RSS 2.0
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(raw.replace(" +", "+").replace(" -", "-"))  # RFC 3339, Atom
        except ValueError:
            if match := _DAY_FIRST.fullmatch(raw):
                day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
                try:
                    moment = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - zone added below
                except ValueError:
                    return None
    if moment is None:
        return None
    try:
        return moment.replace(tzinfo=VIETNAM) if moment.tzinfo is None else moment.astimezone(VIETNAM)
    except OverflowError:  # the first or last day of the calendar, moved across the date line: no usable date
        return None


def _valid_reference(match: re.Match[bytes]) -> bytes:
    """A numeric character reference as is, or U+FFFD for one no text can hold (a surrogate, NUL, past U+10FFFF):
    feedparser's loose parser raises ValueError/OverflowError/UnicodeEncodeError on those, losing the whole feed."""
    hexadecimal, decimal = match.groups()
    digits = (hexadecimal or decimal).lstrip(b"0")
    value = int(digits or b"0", 16 if hexadecimal else 10) if len(digits) <= 8 else -1
    if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
        return match.group(0)
    return b"&#xFFFD;"


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


KIND: SourceKind = RssKind()
