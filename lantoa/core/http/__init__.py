"""Lantoa's one outbound HTTP client: ``fetch`` (and ``post_json`` for webhooks) through an SSRF guard, text
decoding, and politeness helpers.

No other module may import an HTTP client library (httpx, requests, urllib.request, http.client, aiohttp…);
``lantoa/core/tests/test_http_imports.py`` enforces it.
"""

from __future__ import annotations

from lantoa.core.http.client import (
    DEFAULT_ACCEPT,
    ROBOTS_TOKEN,
    FetchResult,
    Redirect,
    Timeouts,
    check_url,
    fetch,
    post_json,
    user_agent,
)
from lantoa.core.http.decode import DecodedText, decode_body
from lantoa.core.http.errors import (
    BlockedAddress,
    ContentEncodingError,
    DecompressionBomb,
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedURL,
)
from lantoa.core.http.guard import AddressGuard, blocked_reason
from lantoa.core.http.robots import RobotsCache
from lantoa.core.http.throttle import HostThrottle

__all__ = [
    "DEFAULT_ACCEPT",
    "ROBOTS_TOKEN",
    "AddressGuard",
    "BlockedAddress",
    "ContentEncodingError",
    "DecodedText",
    "DecompressionBomb",
    "FetchConnectionError",
    "FetchError",
    "FetchResult",
    "FetchTimeout",
    "HostThrottle",
    "Redirect",
    "ResponseTooLarge",
    "RobotsCache",
    "Timeouts",
    "TooManyRedirects",
    "UnsupportedURL",
    "blocked_reason",
    "check_url",
    "decode_body",
    "fetch",
    "post_json",
    "user_agent",
]
