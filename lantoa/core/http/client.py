"""``fetch``: the one way Lantoa reads a URL from the network.

Everything outbound (article pages, listings, feeds, sitemaps, robots.txt) goes through here so that the rules hold
everywhere: http(s) only, the SSRF guard on every hop (redirects are followed here, not by httpx, so each target is
checked before it is contacted), a size cap on the wire and after decompression, connect/read/total timeouts, a
User-Agent that says who we are and how to reach us, and conditional GET so that unchanged pages cost a 304.
``test_http_imports`` fails if any other module imports an HTTP client.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from types import MappingProxyType

import httpx
from django.conf import settings

from lantoa.core.http.decode import DecodedText, decode_body
from lantoa.core.http.errors import (
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedURL,
)
from lantoa.core.http.guard import AddressGuard
from lantoa.core.http.inflate import ACCEPT_ENCODING, BodyDecoder
from lantoa.core.http.transport import GuardedTransport

DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Outlets that negotiate language should give us the Vietnamese edition, the one the province monitors.
ACCEPT_LANGUAGE = "vi-VN,vi;q=0.9,en;q=0.5"
#: The product token robots.txt groups are matched against (``User-agent: Lantoa``).
ROBOTS_TOKEN = "Lantoa"  # noqa: S105 - a product name, not a password
SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class Timeouts:
    """Seconds: to open a connection, between two reads, and for the whole fetch including every redirect."""

    connect: float
    read: float
    total: float

    @classmethod
    def from_settings(cls) -> Timeouts:
        return cls(
            connect=float(settings.FETCH_CONNECT_TIMEOUT),
            read=float(settings.FETCH_READ_TIMEOUT),
            total=float(settings.FETCH_TOTAL_TIMEOUT),
        )


@dataclass(frozen=True)
class Redirect:
    url: str  # the URL that answered with a redirect
    status: int
    location: str  # the absolute URL it sent us to


@dataclass(frozen=True)
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes  # Content-Encoding undone; b"" for a 304
    etag: str | None  # to send back as ``etag=`` next time (kept from the request on a 304 that omits it)
    last_modified: str | None  # likewise, for ``last_modified=``
    not_modified: bool  # the server answered 304 to the conditional GET
    elapsed: float  # seconds, the whole fetch
    redirects: tuple[Redirect, ...]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def text(self) -> DecodedText:
        return decode_body(self.body, self.content_type)


@functools.cache
def _version() -> str:
    try:
        return metadata.version("lantoa")
    except metadata.PackageNotFoundError:
        return "dev"


def user_agent() -> str:
    # "compatible; Name/version; +URL" is the form webmasters know from search engines' crawlers: it tells them who
    # fetches, and the URL tells them how to reach the operator or ask us to stop.
    return f"Mozilla/5.0 (compatible; {ROBOTS_TOKEN}/{_version()}; +{settings.FETCH_CONTACT_URL})"


def _parse(url: str | httpx.URL, *, origin: str = "") -> httpx.URL:
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsupportedURL(f"not a valid URL: {url!r} ({exc}){origin}", url=str(url)) from exc
    if parsed.scheme not in SCHEMES:
        raise UnsupportedURL(f"refused {str(parsed)!r}: only http and https URLs are fetched{origin}", url=str(parsed))
    if not parsed.host:
        raise UnsupportedURL(f"refused {str(parsed)!r}: the URL names no host{origin}", url=str(parsed))
    return parsed


def check_url(url: str, *, guard: AddressGuard | None = None) -> None:
    """Raise ``UnsupportedURL``/``BlockedAddress``/``FetchConnectionError`` if ``fetch(url)`` would be refused.

    For forms that take a source URL: the operator hears at once that it points at a private address. ``fetch``
    checks again at connect time; a name's addresses can change in between.
    """
    parsed = _parse(url)
    (guard or AddressGuard.from_settings()).resolve(parsed.host, parsed.port or _default_port(parsed), url=url)


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _timeout_error(exc: httpx.TimeoutException, url: httpx.URL, timeouts: Timeouts, deadline: float) -> FetchTimeout:
    if time.monotonic() >= deadline or "total time limit" in str(exc):
        message = f"no complete answer within the total limit of {timeouts.total:g} s"
    elif isinstance(exc, httpx.ConnectTimeout):
        message = f"no connection within {timeouts.connect:g} s"
    else:
        message = f"no data for {timeouts.read:g} s"
    return FetchTimeout(f"{url.host}: {message} ({url})", url=str(url))


def _read_body(response: httpx.Response, url: httpx.URL, max_bytes: int, max_ratio: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(
            f"{url}: the server announces {int(declared)} bytes, over the limit of {max_bytes}; not read",
            url=str(url),
            bytes_read=0,
        )
    decoder = BodyDecoder(
        response.headers.get("content-encoding"), max_bytes=max_bytes, max_ratio=max_ratio, url=str(url)
    )
    body = bytearray()
    for chunk in response.iter_raw():
        if decoder.raw_bytes + len(chunk) > max_bytes:
            raise ResponseTooLarge(
                f"{url}: the body exceeds the limit of {max_bytes} bytes; stopped reading",
                url=str(url),
                bytes_read=decoder.raw_bytes + len(chunk),
            )
        body += decoder.feed(chunk)
    body += decoder.finish()
    return bytes(body)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int | None = None,
    timeout: Timeouts | float | None = None,
    max_redirects: int | None = None,
    accept: str = DEFAULT_ACCEPT,
    max_ratio: int | None = None,
    guard: AddressGuard | None = None,
) -> FetchResult:
    """GET ``url`` through the SSRF guard; limits default to the FETCH_* settings.

    ``etag``/``last_modified`` are the validators of a previous ``FetchResult``; if the page is unchanged the
    result has ``not_modified=True`` and an empty body. ``timeout`` is a ``Timeouts`` or a total in seconds.
    A 4xx/5xx answer is returned (see ``status``); failures to fetch raise a ``FetchError`` subclass.
    """
    started = time.monotonic()
    limit = max_bytes if max_bytes is not None else settings.FETCH_MAX_BYTES
    ratio = max_ratio if max_ratio is not None else settings.FETCH_MAX_DECOMPRESSION_RATIO
    hops = max_redirects if max_redirects is not None else settings.FETCH_MAX_REDIRECTS
    defaults = Timeouts.from_settings()
    if timeout is None:
        timeouts = defaults
    elif isinstance(timeout, Timeouts):
        timeouts = timeout
    else:
        total = float(timeout)
        timeouts = Timeouts(connect=min(defaults.connect, total), read=min(defaults.read, total), total=total)
    deadline = started + timeouts.total
    guard = guard or AddressGuard.from_settings()

    current = _parse(url)
    conditional: dict[str, str] = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    redirects: list[Redirect] = []
    client = httpx.Client(
        transport=GuardedTransport(guard, deadline),
        headers={
            "User-Agent": user_agent(),
            "Accept": accept,
            "Accept-Language": ACCEPT_LANGUAGE,
            # Only what inflate.py decodes with a bounded output; httpx would add br/zstd if their packages exist.
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=httpx.Timeout(connect=timeouts.connect, read=timeouts.read, write=timeouts.read, pool=timeouts.connect),
        follow_redirects=False,  # followed below, so that the guard sees every hop
        trust_env=False,  # no proxy from the environment (a proxy resolves names itself) and no .netrc
    )
    with client:
        while True:
            # An IP literal is refused here without a connection; names are resolved and checked by the transport.
            guard.check_literal(current.host, url=str(current))
            try:
                response = client.send(client.build_request("GET", current, headers=conditional), stream=True)
                try:
                    if response.has_redirect_location:  # 301, 302, 303, 307, 308 with a Location
                        location = response.headers["location"]
                        target = _parse(current.join(location), origin=f" (redirect from {current})")
                        redirects.append(Redirect(str(current), response.status_code, str(target)))
                        if len(redirects) > hops:
                            seen = [hop.url for hop in redirects]
                            loop = " (a loop)" if len(set(seen)) < len(seen) else ""
                            raise TooManyRedirects(
                                f"{url}: more than {hops} redirects{loop}; last to {target}",
                                url=str(current),
                                redirects=tuple(seen),
                            )
                        current = target
                        continue
                    not_modified = response.status_code == 304
                    body = b"" if not_modified else _read_body(response, current, limit, ratio)
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise _timeout_error(exc, current, timeouts, deadline) from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise UnsupportedURL(f"{current}: {exc}", url=str(current)) from exc
            except httpx.HTTPError as exc:
                detail = str(exc) or type(exc).__name__
                raise FetchConnectionError(f"{current.host}: {detail} ({current})", url=str(current)) from exc
            except FetchError as exc:
                exc.url = exc.url or str(current)
                raise
            headers = MappingProxyType(dict(response.headers.items()))
            return FetchResult(
                url=url,
                final_url=str(current),
                status=response.status_code,
                headers=headers,
                body=body,
                etag=headers.get("etag") or (etag if not_modified else None),
                last_modified=headers.get("last-modified") or (last_modified if not_modified else None),
                not_modified=not_modified,
                elapsed=time.monotonic() - started,
                redirects=tuple(redirects),
            )


def post_json(
    url: str,
    payload: object,
    *,
    timeout: float = 10.0,
    max_bytes: int = 64 * 1024,
    guard: AddressGuard | None = None,
    headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """POST ``payload`` as JSON (webhooks: Zalo/Telegram bridges, chat bots; platform APIs) through the same SSRF
    guard as ``fetch``. Redirects are not followed (a webhook that redirects is misconfigured: the answer is
    returned as is); the answer's body is read up to ``max_bytes``. ``headers`` are sent with the request (an
    ``Authorization: Bearer …`` for an API); the body stays JSON whatever they say. Failures raise a
    ``FetchError`` subclass."""
    import json

    started = time.monotonic()
    deadline = started + timeout
    guard = guard or AddressGuard.from_settings()
    current = _parse(url)
    guard.check_literal(current.host, url=url)
    client = httpx.Client(
        transport=GuardedTransport(guard, deadline),
        headers={"User-Agent": user_agent(), "Accept": "*/*", "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
    )
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    with client:
        try:
            sent = {**(headers or {}), "Content-Type": "application/json; charset=utf-8"}
            request = client.build_request("POST", current, content=body, headers=sent)
            response = client.send(request, stream=True)
            try:
                answer = _read_body(response, current, max_bytes, settings.FETCH_MAX_DECOMPRESSION_RATIO)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"{current.host}: no answer within {timeout:g} s ({current})", url=url) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise UnsupportedURL(f"{current}: {exc}", url=url) from exc
        except httpx.HTTPError as exc:
            detail = str(exc) or type(exc).__name__
            raise FetchConnectionError(f"{current.host}: {detail} ({current})", url=url) from exc
        except FetchError as exc:
            exc.url = exc.url or url
            raise
    headers = MappingProxyType(dict(response.headers.items()))
    return FetchResult(
        url=url, final_url=url, status=response.status_code, headers=headers, body=answer, etag=None,
        last_modified=None, not_modified=False, elapsed=time.monotonic() - started, redirects=(),
    )  # fmt: skip
