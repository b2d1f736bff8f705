"""The httpx transport that connects only to addresses the guard has checked, within a total deadline.

httpx leaves name resolution to httpcore's network backend, which resolves and connects in one step
(``socket.create_connection``). ``GuardedBackend`` replaces that step: it resolves the host itself through the
``AddressGuard``, refuses the connection before any socket is opened if an address is not public, and opens the
socket to the checked IP literal, so nothing is resolved a second time. The URL keeps its host name, so the Host
header, TLS SNI and certificate verification still use the name (httpcore passes it to ``start_tls``).

The streams it returns also cut every read and write at the fetch's total deadline: httpx has connect and read
timeouts but no total one, and a server that drips one byte per second would otherwise never time out.
"""

from __future__ import annotations

import functools
import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from lantoa.core.http.errors import UnsupportedURL
from lantoa.core.http.guard import AddressGuard


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    # Built once: loading the CA bundle costs milliseconds, and an SSLContext is safe to share between threads.
    # trust_env here only honours SSL_CERT_FILE/SSL_CERT_DIR (a province network that inspects TLS); proxies from
    # the environment are ignored by the client itself.
    return httpx.create_ssl_context(trust_env=True)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation waits no longer than what is left of the fetch's total time."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _clip(self, timeout: float | None, error: type[httpcore.TimeoutException]) -> float:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise error("the total time limit of the fetch is reached")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._clip(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend: resolve through the guard, connect to a checked address only."""

    def __init__(self, guard: AddressGuard, deadline: float, inner: httpcore.NetworkBackend | None = None) -> None:
        self._guard = guard
        self._deadline = deadline
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._guard.resolve(host, port)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise httpcore.ConnectTimeout("the total time limit of the fetch is reached")
            try:
                # An IP literal: create_connection parses it and asks no resolver, so this is the checked address.
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=remaining if timeout is None else min(timeout, remaining),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the next address, as a browser would (they were all checked)
                continue
            return _DeadlineStream(stream, self._deadline)
        if failure is None:  # pragma: no cover - resolve() never returns an empty list
            raise httpcore.ConnectError(f"no address to connect to for {host}")
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        raise UnsupportedURL(f"refused to open the unix socket {path}: only http(s) over TCP is fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# httpcore's exceptions as httpx's, most specific first (httpx's own transport does the same mapping, privately).
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for source, target in _EXCEPTIONS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise  # ours (BlockedAddress, …) and anything unexpected pass through unchanged


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport over a connection pool that uses ``GuardedBackend``; no proxy (a proxy would resolve)."""

    def __init__(self, guard: AddressGuard, deadline: float, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or default_ssl_context(),
            max_connections=4,
            max_keepalive_connections=2,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(guard, deadline),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):  # pragma: no cover - the sync client sends these
            raise TypeError("GuardedTransport is synchronous")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            core_response = self._pool.handle_request(core_request)
        stream = core_response.stream
        if not isinstance(stream, Iterable):  # pragma: no cover - the sync pool returns iterables
            raise TypeError("GuardedTransport is synchronous")
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(stream),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        with _as_httpx_errors():
            self._pool.close()
