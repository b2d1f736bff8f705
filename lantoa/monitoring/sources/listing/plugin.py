"""An HTML listing page (a section front, a homepage, an agency's news list): the links to articles on it.

Links are made absolute (honouring ``<base href>``), their ``#fragment`` dropped, and kept once each, in page order,
with the link text as title (a picture link and a headline link to the same article give the headline). Links to
the page itself, ``javascript:``/``mailto:``/``tel:`` links and, unless allowed, links to other sites are dropped.

Options:
    ``selector``: CSS selector of the links (or of elements containing them); default :data:`DEFAULT_SELECTOR`.
    ``url_pattern``: regular expression an absolute link must contain (``re.search``), e.g. ``-d\\d+\\.html$``.
    ``allow_other_sites``: ``"1"`` keeps links to other sites (an aggregator); subdomains always count as the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree  # type: ignore[import-untyped, unused-ignore]
import lxml.html  # type: ignore[import-untyped, unused-ignore]
from cssselect import SelectorError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind
from lantoa.vntext import nfc

# Headlines are links inside headings on every outlet we looked at (VnExpress, Tuổi Trẻ, Dân trí, VietNamNet,
# Báo Chính phủ, Người Lao Động, CafeF); Báo Đầu tư puts them in <article> without headings. <h1> links are left out:
# on listing pages they are the section's own name or the logo. Section links in <h2>/<h3> menus do come through:
# set ``url_pattern`` (e.g. the outlet's article-id pattern) or a ``selector`` to leave them out.
DEFAULT_SELECTOR = "h2 a, h3 a, h4 a, article a"
_SCHEMES = ("http", "https")
# Suffixes under which anyone registers a name: two hosts sharing only one of these are not the same site.
_SUFFIXES = frozenset(
    "vn com.vn net.vn org.vn gov.vn edu.vn ac.vn int.vn info.vn biz.vn health.vn pro.vn name.vn com net org".split()
)
_HEADING = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"


class ListingKind:
    code = "listing"
    label = cast(str, gettext_lazy("Trang danh sách tin (HTML)"))
    needs_url = True

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        selector = options.get("selector", "").strip() or DEFAULT_SELECTOR
        pattern = _pattern(options.get("url_pattern", ""))
        other_sites = options.get("allow_other_sites", "").strip() == "1"
        document = _document(body)
        try:
            elements = document.cssselect(selector)
        except SelectorError as error:
            message = _("Bộ chọn CSS không hợp lệ “%(selector)s”: %(reason)s")
            raise DiscoveryError(message % {"selector": selector, "reason": error}) from None
        page = urldefrag(base_url).url
        try:
            link_base = urljoin(page, str(document.xpath("string(//base/@href)")).strip())
        except ValueError:  # <base href="http://["> is no base
            link_base = page
        site = _site(page)
        titles: dict[str, tuple[int, str]] = {}  # url → (how good, title), in page order
        for element in elements:
            for anchor in _anchors(element):
                url = _absolute(str(anchor.get("href") or ""), link_base)
                if url is None or url == page:
                    continue
                if not other_sites and not _same_site(_site(url), site):
                    continue
                if pattern is not None and not pattern.search(url):
                    continue
                found = _title(anchor)
                if url not in titles or found[0] > titles[url][0]:
                    titles[url] = found
        for url, (_quality, title) in titles.items():
            yield Discovered(url=url, title=title)


def _pattern(raw: str) -> re.Pattern[str] | None:
    if not raw.strip():
        return None
    try:
        return re.compile(raw.strip())
    except re.error as error:
        raise DiscoveryError(_("Biểu thức url_pattern không hợp lệ: %(reason)s") % {"reason": error}) from None


def _document(body: bytes) -> Any:
    if not body.strip():
        raise DiscoveryError(_("Trang rỗng."))
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        parser = lxml.html.HTMLParser(remove_comments=True)  # lxml reads <meta charset>
    else:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise DiscoveryError(_("Không đọc được trang HTML: %(reason)s") % {"reason": error}) from None


def _anchors(element: Any) -> list[Any]:
    """The element if it is a link, else the links inside it (so a selector may name an item's container)."""
    if element.tag == "a":
        return [element] if element.get("href") else []
    return list(element.iterfind(".//a[@href]"))


def _absolute(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urldefrag(urljoin(base, href.replace("\\", "/"))).url
        return url if urlsplit(url).scheme in _SCHEMES and urlsplit(url).hostname else None
    except ValueError:  # "http://[" (an unclosed IPv6 address) and the like: not a link to follow
        return None


def _site(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _same_site(host: str, site: str) -> bool:
    """Same host, or one a subdomain of the other (kinhdoanh.vnexpress.net belongs to vnexpress.net; a page of
    soyte.thainguyen.gov.vn may link to thainguyen.gov.vn), but never through a bare suffix such as gov.vn."""
    if host == site:
        return True
    return (host.endswith("." + site) and site not in _SUFFIXES) or (
        site.endswith("." + host) and host not in _SUFFIXES
    )


def _title(anchor: Any) -> tuple[int, str]:
    """The link's title and how good it is, for a URL linked more than once: text in a heading (a headline) beats
    text of three words or more, which beats shorter text (a rank, a comment count, "Xem tiếp"), which beats a
    ``title`` attribute or a picture's ``alt``; among equals the first in the page wins."""
    text = " ".join(str(anchor.text_content()).split())
    if text:
        if anchor.xpath(f"ancestor::*[{_HEADING}] | descendant::*[{_HEADING}]"):
            return 4, nfc(text)
        return (3 if len(text.split()) >= 3 else 2), nfc(text)
    text = " ".join(str(anchor.get("title") or "").split())
    if not text:
        image = next(anchor.iterfind(".//img[@alt]"), None)
        text = " ".join(str(image.get("alt") if image is not None else "").split())
    return (1 if text else 0), nfc(text)


KIND: SourceKind = ListingKind()
