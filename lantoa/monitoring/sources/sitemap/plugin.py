"""XML sitemaps (``<urlset>``), Google News sitemaps (``news:news``) and sitemap indexes (``<sitemapindex>``).

A sitemap index yields its child sitemaps as items with ``kind="sitemap"``: the caller fetches each and runs this
kind on it. Gzip-compressed sitemaps (``sitemap.xml.gz`` served as is) are accepted.

Parsing is safe for hostile documents: no network, no DTD loading, no entity substitution, no huge trees, a cap on
the decompressed size, and a document that declares entities is refused outright.

Options:
    ``max_age_days``: skip URLs (and child sitemaps) whose date is older than this many days; undated ones are kept.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree  # type: ignore[import-untyped, unused-ignore]
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind
from lantoa.vntext import nfc

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit, uncompressed

# An ampersand that starts no entity or character reference: "?a=1&b=2", the commonest breakage of served sitemaps.
_BARE_AMPERSAND = re.compile(rb"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")


class SitemapKind:
    code = "sitemap"
    label = cast(str, gettext_lazy("Sơ đồ trang (sitemap)"))
    needs_url = True

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        oldest = _oldest(options)
        root = _parse(_decompressed(body))
        kind = _local(root)
        if kind == "urlset":
            entries, item_kind = root.iterchildren("{*}url"), "article"
        elif kind == "sitemapindex":
            entries, item_kind = root.iterchildren("{*}sitemap"), "sitemap"
        else:
            raise DiscoveryError(_("Không phải sơ đồ trang (phần tử gốc là <%(root)s>).") % {"root": kind})
        seen: set[str] = set()
        for entry in entries:
            item = _item(entry, base_url, item_kind)
            if item is None or item.url in seen:
                continue
            if oldest is not None and item.published is not None and item.published < oldest:
                continue
            seen.add(str(item.url))
            yield item


def _oldest(options: dict[str, str]) -> datetime | None:
    raw = options.get("max_age_days", "").strip()
    if not raw:
        return None
    try:
        days = int(raw)
    except ValueError:
        days = -1
    if days < 0:
        message = _("Tùy chọn max_age_days phải là một số ngày (số nguyên không âm), không phải “%(value)s”.")
        raise DiscoveryError(message % {"value": raw})
    return timezone.now() - timedelta(days=min(days, 100 * 365))


def _decompressed(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    decompressor = zlib.decompressobj(wbits=31)
    try:
        data = decompressor.decompress(body, MAX_BYTES)
    except zlib.error as error:
        raise DiscoveryError(_("Tệp nén gzip hỏng: %(reason)s") % {"reason": error}) from None
    if decompressor.unconsumed_tail:
        raise DiscoveryError(_("Sơ đồ trang giải nén vượt quá %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024})
    return data


def _parser() -> Any:
    return lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )


def _parse(body: bytes) -> Any:
    if not body.strip():
        raise DiscoveryError(_("Tài liệu rỗng."))
    try:
        root = lxml.etree.fromstring(body, _parser())
    except lxml.etree.XMLSyntaxError as error:
        # Second try with bare "&" escaped; if that fails too, report the first, truer, reason.
        try:
            root = lxml.etree.fromstring(_BARE_AMPERSAND.sub(b"&amp;", body), _parser())
        except lxml.etree.XMLSyntaxError:
            raise DiscoveryError(_("XML không hợp lệ: %(reason)s") % {"reason": error.msg}) from None
    if root is None:
        raise DiscoveryError(_("Tài liệu rỗng."))
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and list(doctype.iterentities()):
        raise DiscoveryError(_("Sơ đồ trang khai báo thực thể XML (<!ENTITY>): bị từ chối để an toàn."))
    return root


def _local(element: Any) -> str:
    return str(lxml.etree.QName(element).localname) if isinstance(element.tag, str) else ""


def _child(element: Any, *path: str) -> Any | None:
    """The first descendant along ``path`` of local names, in any namespace (sitemaps in the wild vary)."""
    for name in path:
        element = next(element.iterchildren(f"{{*}}{name}"), None)
        if element is None:
            return None
    return element


def _text(element: Any | None) -> str:
    """The element's own text. Entity references are never followed (``itertext`` would not expand them, but
    ``string()`` in XPath would)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return nfc(" ".join("".join(parts).split()))


def _item(entry: Any, base_url: str, item_kind: str) -> Discovered | None:
    location = _text(_child(entry, "loc"))
    try:
        url = urljoin(base_url, location) if location else ""
        if urlsplit(url).scheme not in ("http", "https"):
            return None
    except ValueError:  # "http://[" (an unclosed IPv6 address) and the like
        return None
    lastmod = _date(_text(_child(entry, "lastmod")))
    news = _child(entry, "news")
    extra: dict[str, str] = {}
    title = ""
    published = lastmod
    if news is not None:
        title = _text(_child(news, "title"))
        published = _date(_text(_child(news, "publication_date"))) or lastmod
        extra["publication"] = _text(_child(news, "publication", "name"))
        extra["language"] = _text(_child(news, "publication", "language"))
        extra["keywords"] = _text(_child(news, "keywords"))
    if lastmod is not None:
        extra["lastmod"] = lastmod.isoformat()
    return Discovered(
        url=url,
        title=title,
        published=published,
        kind=item_kind,
        extra={key: value for key, value in extra.items() if value},
    )


def _date(raw: str) -> datetime | None:
    """W3C datetime (a profile of ISO 8601): ``2025-02-06``, ``2025-02-06T20:30+07:00``, ``…Z``; in Vietnam's zone."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    try:
        return moment.replace(tzinfo=VIETNAM) if moment.tzinfo is None else moment.astimezone(VIETNAM)
    except OverflowError:  # the first or last day of the calendar, moved across the date line
        return None


KIND: SourceKind = SitemapKind()
