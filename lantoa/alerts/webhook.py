"""POST a JSON body to a webhook (Zalo/Telegram bridges, chat bots) through the SSRF guard of ``lantoa.core.http``.

``lantoa.core.http.fetch`` only GETs, and no module outside lantoa/core/http may import an HTTP client (a test
enforces it), so this is the smallest HTTP/1.1 POST that keeps the guard's rules: the host is resolved by
``AddressGuard`` and the socket opens to the address it checked (no second resolution, no DNS rebinding), only http
and https, no redirects followed (a webhook that redirects is misconfigured), a total deadline and a cap on what is
read back. It belongs in lantoa/core/http as ``post_json`` (see doc/alerts.md); this module then becomes one call.
"""

from __future__ import annotations

import json
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from lantoa.core.http import AddressGuard, FetchConnectionError, FetchTimeout, UnsupportedURL, user_agent

MAX_RESPONSE_BYTES = 64 * 1024


@dataclass(frozen=True)
class WebhookResult:
    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def post_json(url: str, payload: object, *, timeout: float = 10.0, guard: AddressGuard | None = None) -> WebhookResult:
    """POST ``payload`` as JSON; raise a ``FetchError`` subclass when refused or unreachable."""
    deadline = time.monotonic() + timeout
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnsupportedURL(f"refused {url!r}: only http and https URLs with a host", url=url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsupportedURL(f"refused {url!r}: {exc}", url=url) from exc
    host = parts.hostname
    guard = guard or AddressGuard.from_settings()
    guard.check_literal(host, url=url)
    addresses = guard.resolve(host, port, url=url)
    body = json.dumps(payload, ensure_ascii=False).encode()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = host if ":" not in host else f"[{host}]"
    if parts.port:
        host_header += f":{parts.port}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: {user_agent()}\r\n"
        "Content-Type: application/json; charset=utf-8\r\nAccept: */*\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode("ascii", "strict")

    last_error: OSError | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            raw = socket.create_connection((address, port), timeout=remaining)
        except OSError as exc:
            last_error = exc
            continue
        try:
            connection: socket.socket = raw
            if parts.scheme == "https":
                # The name, not the address, for SNI and certificate checks.
                connection = ssl.create_default_context().wrap_socket(raw, server_hostname=host)
            connection.sendall(head + body)
            return _read_response(connection, deadline, url)
        except TimeoutError as exc:
            raise FetchTimeout(f"{host}: no answer within {timeout:g} s ({url})", url=url) from exc
        except OSError as exc:
            raise FetchConnectionError(f"{host}: {exc} ({url})", url=url) from exc
        finally:
            raw.close()
    raise FetchConnectionError(f"{host}: cannot connect ({last_error}) ({url})", url=url)


def _read_response(connection: socket.socket, deadline: float, url: str) -> WebhookResult:
    received = bytearray()
    while len(received) < MAX_RESPONSE_BYTES:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        connection.settimeout(remaining)
        chunk = connection.recv(8192)
        if not chunk:
            break
        received += chunk
    status_line = bytes(received).split(b"\r\n", 1)[0].decode("latin-1")
    fields = status_line.split(" ", 2)
    if len(fields) < 2 or not fields[0].startswith("HTTP/") or not fields[1].isdigit():
        raise FetchConnectionError(f"not an HTTP answer: {status_line[:80]!r} ({url})", url=url)
    _head, _separator, rest = bytes(received).partition(b"\r\n\r\n")
    return WebhookResult(status=int(fields[1]), body=rest)
