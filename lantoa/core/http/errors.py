"""Typed failures of an outbound fetch.

Callers (the crawler, the robots cache, a form that checks a source URL) catch ``FetchError`` for "this URL could
not be fetched" and the subclasses when they need to tell an operator why; every message names the URL or the host.
A 4xx/5xx answer is not an error: it comes back as a ``FetchResult`` with its status.

The names say what happened (``BlockedAddress``, ``ResponseTooLarge``) rather than ending in "Error" (ruff's N818):
they are the names the issue and the callers use, and ``except BlockedAddress`` reads as what it catches.
"""

from __future__ import annotations


class FetchError(Exception):
    """Base class: the URL could not be fetched. ``url`` is the URL of the hop that failed."""

    def __init__(self, message: str, *, url: str = "") -> None:
        self.url = url
        super().__init__(message)


class UnsupportedURL(FetchError):  # noqa: N818
    """Not an http(s) URL, or one without a host: nothing is resolved or contacted."""


class BlockedAddress(FetchError):  # noqa: N818
    """The host is, or resolves to, an address Lantoa must not contact (SSRF guard)."""

    def __init__(self, host: str, address: str, reason: str, *, url: str = "") -> None:
        self.host = host
        self.address = address
        self.reason = reason
        where = host if host == address else f"{host} ({address})"
        super().__init__(
            f"refused to contact {where}: {reason}; list the host in LANTOA_FETCH_ALLOW_HOSTS if it is intended",
            url=url,
        )


class FetchTimeout(FetchError):  # noqa: N818
    """Connecting, waiting for data, or the whole fetch took longer than allowed."""


class FetchConnectionError(FetchError):
    """The host could not be resolved or reached, or broke the HTTP protocol."""


class TooManyRedirects(FetchError):  # noqa: N818
    """More redirects than allowed (a loop, usually)."""

    def __init__(self, message: str, *, url: str = "", redirects: tuple[str, ...] = ()) -> None:
        self.redirects = redirects
        super().__init__(message, url=url)


class ResponseTooLarge(FetchError):  # noqa: N818
    """The body exceeds the size cap; reading stopped at about ``bytes_read`` bytes off the wire."""

    def __init__(self, message: str, *, url: str = "", bytes_read: int = 0) -> None:
        self.bytes_read = bytes_read
        super().__init__(message, url=url)


class DecompressionBomb(ResponseTooLarge):
    """The decoded (gunzipped, inflated) body grew beyond the size cap or the allowed compression ratio."""


class ContentEncodingError(FetchError):
    """A Content-Encoding Lantoa does not decode (br, zstd, …), or compressed data that is corrupt."""
