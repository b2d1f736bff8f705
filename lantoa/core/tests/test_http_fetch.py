"""``fetch`` against a real HTTP server on 127.0.0.1: a recorded outlet page and hostile servers made up here.

The server is ``http.server`` in a thread; each test registers the routes it needs. Most tests reach it under the
made-up name ``news.test``, which a fake resolver maps to 127.0.0.1 and which is the only allowed host: every other
address (127.0.0.1 itself included) is then refused by the guard, as in production.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lantoa.core.http import (
    AddressGuard,
    BlockedAddress,
    ContentEncodingError,
    DecompressionBomb,
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    ResponseTooLarge,
    RobotsCache,
    Timeouts,
    TooManyRedirects,
    UnsupportedURL,
    check_url,
    fetch,
)
from lantoa.core.http.robots import ROBOTS_MAX_BYTES
from lantoa.core.tests.test_http_decode import windows_1258

NAME = "news.test"
VNEXPRESS = "web/html/tracking_news-mcp/vnexpress_article.html"
Route = Callable[["Handler"], None]


@dataclass
class LocalServer:
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    host_headers: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = NAME) -> str:
        return f"http://{host}:{self.port}{path}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler that hangs on purpose must not hold up the teardown
    local: LocalServer


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        local = self.server.local
        local.hits.append(self.path)
        local.host_headers.append(self.headers.get("Host", ""))
        route = local.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self.reply(404, b"not found")
        else:
            route(self)

    def reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        all_headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
        all_headers.update(headers or {})
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    httpd = _Server(("127.0.0.1", 0), Handler)
    local = LocalServer(port=httpd.server_address[1])
    httpd.local = local
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield local
    local.stopping.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@dataclass
class FakeDNS:
    """A resolver for made-up names; counts the questions it is asked."""

    answers: dict[str, list[list[str]]]
    asked: list[str] = field(default_factory=list)

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        answers = self.answers.get(host)
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        # Successive questions get successive answers, the last one repeating: enough to play DNS rebinding.
        return answers[min(self.asked.count(host), len(answers)) - 1]


@pytest.fixture
def dns() -> FakeDNS:
    return FakeDNS({NAME: [["127.0.0.1"]], "intranet.test": [["10.0.0.1"]], "mixed.test": [["127.0.0.1", "10.0.0.1"]]})


@pytest.fixture
def guard(dns: FakeDNS) -> AddressGuard:
    return AddressGuard([NAME], resolver=dns)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection attempt, recorded; non-loopback ones fail without touching the network."""
    attempts: list[tuple[str, int]] = []
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append((address[0], address[1]))
        if address[0] not in {"127.0.0.1", "::1"}:
            raise ConnectionRefusedError(f"test: no network to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return attempts


def short(total: float = 5.0, read: float = 2.0) -> Timeouts:
    return Timeouts(connect=2.0, read=read, total=total)


# --- Ordinary pages -------------------------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_it_fetches_a_recorded_outlet_page_gzipped_and_decodes_it(
    server: LocalServer, guard: AddressGuard, shared_data: Path
) -> None:
    page = (shared_data / VNEXPRESS).read_bytes()
    compressed = gzip.compress(page)
    server.routes["/kinh-doanh/bai.html"] = lambda h: h.reply(
        200, compressed, {"Content-Encoding": "gzip", "Content-Type": "text/html"}
    )

    result = fetch(server.url("/kinh-doanh/bai.html"), guard=guard, timeout=short())

    assert result.status == 200 and result.ok
    assert result.body == page  # the gzip layer undone, byte for byte
    assert result.final_url == server.url("/kinh-doanh/bai.html")
    assert result.redirects == ()
    assert server.host_headers == [f"{NAME}:{server.port}"]  # connected to the checked IP, Host kept as the name
    decoded = result.text()
    assert decoded.charset == "utf-8"
    assert decoded.source == "html-meta"  # the header says text/html only; the page says <meta charset="utf-8">
    assert "Cách các nước đối phó cú sốc năng lượng từ Trung Đông" in decoded.text


def test_it_sends_a_user_agent_naming_lantoa_and_its_contact(
    server: LocalServer, guard: AddressGuard, settings: Any
) -> None:
    settings.FETCH_CONTACT_URL = "https://lantoa.example.gov.vn/bot"
    seen: dict[str, str] = {}

    def echo(h: Handler) -> None:
        seen.update({name.lower(): value for name, value in h.headers.items()})
        h.reply(200, b"ok")

    server.routes["/ua"] = echo
    fetch(server.url("/ua"), guard=guard, timeout=short())
    assert "Lantoa/" in seen["user-agent"]
    assert "+https://lantoa.example.gov.vn/bot" in seen["user-agent"]
    assert seen["accept-encoding"] == "gzip, deflate"  # only what is decoded with a bounded output


def test_it_returns_an_empty_body_as_such(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/empty"] = lambda h: h.reply(200, b"")
    server.routes["/no-content"] = lambda h: h.reply(204, b"", {"Content-Type": "text/plain"})

    empty = fetch(server.url("/empty"), guard=guard, timeout=short())
    assert (empty.status, empty.body) == (200, b"")
    assert empty.text().text == ""
    assert empty.text().source == "empty"
    assert fetch(server.url("/no-content"), guard=guard, timeout=short()).body == b""


def test_it_returns_error_statuses_instead_of_raising(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/gone"] = lambda h: h.reply(410, b"gone")
    result = fetch(server.url("/gone"), guard=guard, timeout=short())
    assert result.status == 410
    assert not result.ok
    assert result.body == b"gone"


def test_it_uses_the_allowed_hosts_setting_by_default(server: LocalServer, settings: Any) -> None:
    server.routes["/"] = lambda h: h.reply(200, b"hello")
    settings.FETCH_ALLOW_HOSTS = []
    with pytest.raises(BlockedAddress, match="loopback"):
        fetch(server.url("/", host="127.0.0.1"), timeout=short())
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    assert fetch(server.url("/", host="127.0.0.1"), timeout=short()).body == b"hello"


# --- Conditional GET ------------------------------------------------------------------------------------------------


def test_it_turns_a_304_into_not_modified_with_etag_and_last_modified(server: LocalServer, guard: AddressGuard) -> None:
    etag, stamp = '"v1-abc"', "Wed, 01 Apr 2026 08:00:00 GMT"
    asked: list[tuple[str | None, str | None]] = []

    def feed(h: Handler) -> None:
        asked.append((h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")))
        if h.headers.get("If-None-Match") == etag or h.headers.get("If-Modified-Since") == stamp:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
        else:
            h.reply(200, b"<rss/>", {"ETag": etag, "Last-Modified": stamp, "Content-Type": "application/rss+xml"})

    server.routes["/rss"] = feed
    first = fetch(server.url("/rss"), guard=guard, timeout=short())
    assert (first.status, first.not_modified, first.body) == (200, False, b"<rss/>")
    assert (first.etag, first.last_modified) == (etag, stamp)

    again = fetch(server.url("/rss"), etag=first.etag, guard=guard, timeout=short())
    assert (again.status, again.not_modified, again.body) == (304, True, b"")
    assert again.etag == etag

    by_date = fetch(server.url("/rss"), last_modified=first.last_modified, guard=guard, timeout=short())
    assert by_date.not_modified
    assert by_date.last_modified == stamp  # the 304 did not repeat it: the one we sent is kept
    assert asked == [(None, None), (etag, None), (None, stamp)]


# --- Redirects ------------------------------------------------------------------------------------------------------


def test_it_follows_redirects_itself_and_lists_them(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/old"] = lambda h: h.reply(301, b"", {"Location": "/newer"})
    server.routes["/newer"] = lambda h: h.reply(302, b"", {"Location": server.url("/final")})
    server.routes["/final"] = lambda h: h.reply(200, b"here")

    result = fetch(server.url("/old"), guard=guard, timeout=short())
    assert result.body == b"here"
    assert result.final_url == server.url("/final")
    assert [(r.url, r.status, r.location) for r in result.redirects] == [
        (server.url("/old"), 301, server.url("/newer")),
        (server.url("/newer"), 302, server.url("/final")),
    ]


def test_it_stops_a_redirect_loop_at_the_cap(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/loop"] = lambda h: h.reply(302, b"", {"Location": "/loop"})
    started = time.monotonic()
    with pytest.raises(TooManyRedirects, match=r"more than 3 redirects \(a loop\)") as error:
        fetch(server.url("/loop"), max_redirects=3, guard=guard, timeout=short())
    assert server.hits == ["/loop"] * 4  # the first request and three redirects followed, then no more
    assert len(error.value.redirects) == 4
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1:{port}/secret", "loopback"),
        ("http://localhost:{port}/secret", "loopback"),
        ("http://[::ffff:127.0.0.1]:{port}/secret", "IPv4-mapped a loopback"),
        ("http://10.0.0.1/admin", "private-network"),
        ("http://169.254.169.254/latest/meta-data/iam/", "cloud metadata service"),
        ("http://intranet.test/", "private-network"),
    ],
)
def test_it_checks_every_redirect_target_before_contacting_it(
    server: LocalServer,
    guard: AddressGuard,
    dns: FakeDNS,
    connections: list[tuple[str, int]],
    location: str,
    reason: str,
) -> None:
    dns.answers["localhost"] = [["127.0.0.1"]]
    target = location.format(port=server.port)
    server.routes["/go"] = lambda h: h.reply(302, b"", {"Location": target})
    server.routes["/secret"] = lambda h: h.reply(200, b"secret")

    with pytest.raises(BlockedAddress, match=reason) as error:
        fetch(server.url("/go"), guard=guard, timeout=short())
    assert error.value.url.endswith(target.rsplit("/", 1)[1] or "/")  # the failing hop is the redirect target
    assert "/secret" not in server.hits
    assert connections == [("127.0.0.1", server.port)]  # only the allowed server was ever contacted


def test_it_refuses_a_redirect_to_another_scheme(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/go"] = lambda h: h.reply(302, b"", {"Location": "file:///etc/passwd"})
    with pytest.raises(UnsupportedURL, match="only http and https"):
        fetch(server.url("/go"), guard=guard, timeout=short())


# --- SSRF guard on the first URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/", "a private-network address"),
        ("http://169.254.169.254/latest/meta-data/", "the cloud metadata service"),
        ("http://[::1]:8000/", "a loopback address"),
        ("http://[fe80::1]/", "a link-local address"),
        ("http://100.64.1.1/", "carrier-grade NAT"),
        ("http://0.0.0.0:8000/", "an unspecified address"),
        ("http://224.0.0.1/", "a multicast address"),
    ],
)
def test_it_refuses_private_addresses_before_any_connection(
    dns: FakeDNS, connections: list[tuple[str, int]], url: str, reason: str
) -> None:
    with pytest.raises(BlockedAddress, match=reason) as error:
        fetch(url, guard=AddressGuard([NAME], resolver=dns), timeout=short())
    assert connections == []  # not a single connection attempt
    assert dns.asked == []  # an IP literal needs no DNS question either
    assert "LANTOA_FETCH_ALLOW_HOSTS" in str(error.value)


def test_it_refuses_a_name_after_resolving_it_to_a_private_address(
    dns: FakeDNS, guard: AddressGuard, connections: list[tuple[str, int]]
) -> None:
    with pytest.raises(BlockedAddress, match=r"intranet\.test \(10\.0\.0\.1\): a private-network address"):
        fetch("http://intranet.test/portal", guard=guard, timeout=short())
    assert dns.asked == ["intranet.test"]
    assert connections == []


def test_it_refuses_a_name_when_any_of_its_addresses_is_private(
    dns: FakeDNS, connections: list[tuple[str, int]]
) -> None:
    # 127.0.0.1 first: without checking every address, a failing public one would let the next one through.
    with pytest.raises(BlockedAddress, match=r"mixed\.test \(127\.0\.0\.1\)"):
        fetch("http://mixed.test/", guard=AddressGuard(resolver=dns), timeout=short())
    assert connections == []


def test_it_refuses_integer_spellings_of_loopback_with_the_system_resolver(
    connections: list[tuple[str, int]],
) -> None:
    # "2130706433" is a name to the URL parser and 127.0.0.1 to getaddrinfo: the check after resolution catches it.
    with pytest.raises(BlockedAddress, match="loopback"):
        fetch("http://2130706433:8000/", guard=AddressGuard(), timeout=short())
    assert connections == []


def test_it_connects_to_the_address_it_checked_so_dns_rebinding_cannot_win(
    server: LocalServer, dns: FakeDNS, connections: list[tuple[str, int]]
) -> None:
    # The attacker's DNS answers a public address to the check and 127.0.0.1 to any later question.
    dns.answers["rebind.test"] = [["93.184.216.34"], ["127.0.0.1"]]
    with pytest.raises(FetchConnectionError, match=r"rebind\.test"):
        fetch(server.url("/", host="rebind.test"), guard=AddressGuard(resolver=dns), timeout=short())
    assert dns.asked == ["rebind.test"]  # asked once, by the guard
    assert connections == [("93.184.216.34", server.port)]  # and that checked address is what was dialled
    assert server.hits == []


def test_it_refuses_other_schemes_and_malformed_urls() -> None:
    for url in ("ftp://example.com/file", "file:///etc/passwd", "gopher://x/", "http:///nohost", "not a url"):
        with pytest.raises(UnsupportedURL):
            fetch(url, guard=AddressGuard(), timeout=short())


def test_it_checks_a_url_for_a_form_without_fetching_it(dns: FakeDNS, connections: list[tuple[str, int]]) -> None:
    check_url("http://news.test/rss", guard=AddressGuard(resolver=FakeDNS({NAME: [["93.184.216.34"]]})))
    with pytest.raises(BlockedAddress):
        check_url("http://203.0.113.9/rss", guard=AddressGuard())  # TEST-NET-3: documentation, not the Internet
    with pytest.raises(BlockedAddress):
        check_url("http://intranet.test/", guard=AddressGuard(resolver=dns))
    with pytest.raises(FetchConnectionError, match="cannot resolve"):
        check_url("http://nowhere.test/", guard=AddressGuard(resolver=dns))
    assert connections == []


# --- Size, decompression -------------------------------------------------------------------------------------------


def _endless(h: Handler, chunk: bytes, headers: dict[str, str], total: int, prefix: bytes = b"") -> None:
    """Send ``prefix`` then ``chunk`` repeated up to ``total`` bytes, without Content-Length; count what was sent."""
    h.send_response(200)
    for name, value in headers.items():
        h.send_header(name, value)
    h.end_headers()
    sent = 0
    try:
        h.wfile.write(prefix)
        while sent < total and not h.server.local.stopping.is_set():
            h.wfile.write(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the client hung up, as it should
    finally:
        h.server.local.state["sent"] = sent
        h.server.local.done.set()


def test_it_stops_reading_a_50_mb_body_at_the_cap(server: LocalServer, guard: AddressGuard) -> None:
    fifty_mb = 50 * 1024 * 1024
    server.routes["/big"] = lambda h: _endless(h, b"x" * 65536, {"Content-Type": "text/html"}, fifty_mb)
    cap = 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="exceeds the limit of 1048576 bytes") as error:
        fetch(server.url("/big"), max_bytes=cap, guard=guard, timeout=short())
    assert time.monotonic() - started < 3
    assert cap < error.value.bytes_read <= cap + 65536  # stopped within one read of the cap
    assert server.done.wait(5)
    # The server could push only what the kernel buffers took before the client hung up, far from 50 MB.
    assert server.state["sent"] < fifty_mb // 2


def test_it_refuses_an_announced_oversize_body_without_reading_it(server: LocalServer, guard: AddressGuard) -> None:
    def liar(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"x" * 1000)

    server.routes["/announced"] = liar
    with pytest.raises(ResponseTooLarge, match="announces 52428800 bytes") as error:
        fetch(server.url("/announced"), max_bytes=1024 * 1024, guard=guard, timeout=short())
    assert error.value.bytes_read == 0


def _gzip_of_zeros(gibibytes: int) -> bytes:
    """A valid gzip stream of ``gibibytes`` GiB of zeros, built in a fraction of a second.

    After a full flush, zlib's output for each further MiB of zeros is the same 1 KB, so it is repeated instead of
    compressing gigabytes; the trailer (CRC-32, size) is that of the whole.
    """
    mib = b"\0" * (1 << 20)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflater.compress(mib) + deflater.flush(zlib.Z_FULL_FLUSH)
    repeated = deflater.compress(mib) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = deflater.flush()
    count = gibibytes * 1024
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mib, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + first + repeated * (count - 1) + end + struct.pack("<II", crc, (count << 20) & 0xFFFFFFFF)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    # Two gzip layers (Content-Encoding: gzip, gzip): 2 GiB of zeros in about 5 KB on the wire.
    return gzip.compress(_gzip_of_zeros(2), compresslevel=9)


def test_it_refuses_a_gzip_bomb_quickly(server: LocalServer, guard: AddressGuard, gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 10_000
    server.routes["/bomb"] = lambda h: h.reply(200, gzip_bomb, {"Content-Encoding": "gzip, gzip"})
    started = time.monotonic()
    with pytest.raises(DecompressionBomb, match="decompression bomb") as error:
        fetch(server.url("/bomb"), guard=guard, timeout=short())  # the 10 MB cap, the 100:1 ratio
    assert time.monotonic() - started < 2
    assert error.value.bytes_read <= len(gzip_bomb)
    assert isinstance(error.value, ResponseTooLarge)  # callers catching the size error catch bombs too


def test_it_caps_the_decoded_size_even_at_a_plausible_ratio(
    server: LocalServer, guard: AddressGuard, gzip_bomb: bytes
) -> None:
    server.routes["/bomb"] = lambda h: h.reply(200, gzip_bomb, {"Content-Encoding": "gzip, gzip"})
    with pytest.raises(DecompressionBomb, match="decoded body exceeds 2097152 bytes"):
        fetch(server.url("/bomb"), max_bytes=2 * 1024 * 1024, max_ratio=10**9, guard=guard, timeout=short())


def test_it_refuses_an_endless_gzip_stream(server: LocalServer, guard: AddressGuard) -> None:
    mib = b"\0" * (1 << 20)
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = deflater.compress(mib) + deflater.flush(zlib.Z_FULL_FLUSH)
    block = deflater.compress(mib) + deflater.flush(zlib.Z_FULL_FLUSH)

    server.routes["/endless"] = lambda h: _endless(h, block * 64, {"Content-Encoding": "gzip"}, 10**12, head)
    with pytest.raises(DecompressionBomb) as error:
        fetch(server.url("/endless"), guard=guard, timeout=short())
    assert error.value.bytes_read < 1024 * 1024


def test_it_decodes_deflate_with_and_without_the_zlib_wrapper(server: LocalServer, guard: AddressGuard) -> None:
    page = "<p>Thái Nguyên</p>".encode() * 100
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    server.routes["/zlib"] = lambda h: h.reply(200, zlib.compress(page), {"Content-Encoding": "deflate"})
    server.routes["/raw"] = lambda h: h.reply(200, raw.compress(page) + raw.flush(), {"Content-Encoding": "deflate"})
    assert fetch(server.url("/zlib"), guard=guard, timeout=short()).body == page
    assert fetch(server.url("/raw"), guard=guard, timeout=short()).body == page


def test_it_refuses_encodings_it_cannot_bound_and_corrupt_gzip(server: LocalServer, guard: AddressGuard) -> None:
    server.routes["/br"] = lambda h: h.reply(200, b"\x1b\x00\x00", {"Content-Encoding": "br"})
    corrupt = gzip.compress(b"hello")[:10] + b"\xff" * 20  # a valid header, then a block of the invalid type 3
    server.routes["/corrupt"] = lambda h: h.reply(200, corrupt, {"Content-Encoding": "gzip"})
    with pytest.raises(ContentEncodingError, match="'br'"):
        fetch(server.url("/br"), guard=guard, timeout=short())
    with pytest.raises(ContentEncodingError, match="corrupt gzip"):
        fetch(server.url("/corrupt"), guard=guard, timeout=short())


# --- Charsets -------------------------------------------------------------------------------------------------------

VIETNAMESE = (
    "Ủy ban nhân dân tỉnh Thái Nguyên vừa ban hành kế hoạch triển khai chương trình chuyển đổi số, nâng cao chất "
    "lượng dịch vụ công trực tuyến cho người dân và doanh nghiệp trên địa bàn tỉnh. "
)


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html", None])
def test_it_decodes_windows_1258_whatever_the_header_says(
    server: LocalServer, guard: AddressGuard, content_type: str | None
) -> None:
    import unicodedata

    body = windows_1258(f"<html><body><p>{VIETNAMESE * 10}</p></body></html>")
    headers = {"Content-Type": content_type} if content_type else {}

    def legacy(h: Handler) -> None:
        h.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    server.routes["/legacy"] = legacy
    result = fetch(server.url("/legacy"), guard=guard, timeout=short())
    assert result.content_type == content_type
    decoded = result.text()
    assert decoded.source == "detected"  # the utf-8 claim was tried and rejected, or there was none
    assert decoded.charset == "cp1258"
    assert "\ufffd" not in decoded.text
    assert VIETNAMESE in unicodedata.normalize("NFC", decoded.text)


# --- Time limits ----------------------------------------------------------------------------------------------------


def test_it_gives_up_on_a_server_that_never_answers(server: LocalServer, guard: AddressGuard) -> None:
    def silent(h: Handler) -> None:
        h.server.local.stopping.wait(30)

    server.routes["/silent"] = silent
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"no data for 0\.5 s"):
        fetch(server.url("/silent"), guard=guard, timeout=Timeouts(connect=1, read=0.5, total=10))
    assert 0.4 < time.monotonic() - started < 3


def test_it_enforces_the_total_time_against_a_server_that_drips(server: LocalServer, guard: AddressGuard) -> None:
    def drip(h: Handler) -> None:
        h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n")
        try:
            while not h.server.local.stopping.wait(0.1):
                h.wfile.write(b"x")  # one byte every 0.1 s: the read timeout never fires
                h.wfile.flush()
        except OSError:
            pass

    server.routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"total limit of 1\.5 s"):
        fetch(server.url("/drip"), guard=guard, timeout=Timeouts(connect=1, read=1, total=1.5))
    assert time.monotonic() - started < 3


def test_it_reports_a_connect_timeout(guard: AddressGuard, monkeypatch: pytest.MonkeyPatch) -> None:
    def unanswered_syn(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        raise TimeoutError("timed out")  # what a firewall that drops packets looks like

    monkeypatch.setattr(socket, "create_connection", unanswered_syn)
    with pytest.raises(FetchTimeout, match=r"news\.test: no connection within 2 s"):
        fetch("http://news.test/", guard=guard, timeout=short())


def test_it_tries_the_next_checked_address_when_one_fails(
    server: LocalServer, dns: FakeDNS, connections: list[tuple[str, int]]
) -> None:
    server.routes["/"] = lambda h: h.reply(200, b"second address")
    dns.answers["two.test"] = [["192.0.2.1", "127.0.0.1"]]  # the first refuses (the spy), the second is the server
    result = fetch(server.url("/", host="two.test"), guard=AddressGuard(["two.test"], resolver=dns), timeout=short())
    assert result.body == b"second address"
    assert connections == [("192.0.2.1", server.port), ("127.0.0.1", server.port)]


# --- robots.txt through fetch ---------------------------------------------------------------------------------------


def test_it_reads_robots_txt_through_the_guarded_fetch(server: LocalServer, guard: AddressGuard) -> None:
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: Lantoa\nDisallow: /no-lantoa/\nCrawl-delay: 7\n"
    server.routes["/robots.txt"] = lambda h: h.reply(200, robots, {"Content-Type": "text/plain"})
    cache = RobotsCache(
        fetcher=lambda url: fetch(url, max_bytes=ROBOTS_MAX_BYTES, guard=guard, timeout=short()), ttl=60
    )
    assert cache.allowed(server.url("/tin-tuc/bai-1.html"))
    assert not cache.allowed(server.url("/no-lantoa/x"))
    assert cache.allowed(server.url("/private/x"))  # our own group applies, not the * one
    assert cache.crawl_delay(server.url("/")) == 7.0
    assert server.hits == ["/robots.txt"]  # once, then from the cache


def test_it_disallows_everything_while_robots_txt_is_unreachable(
    server: LocalServer, guard: AddressGuard, connections: list[tuple[str, int]]
) -> None:
    cache = RobotsCache(fetcher=lambda url: fetch(url, guard=guard, timeout=short()), ttl=60, error_ttl=60)
    assert not cache.allowed("http://intranet.test/page")  # BlockedAddress while fetching robots.txt
    assert "BlockedAddress" in cache.entry("http://intranet.test/page").reason
    assert connections == []


def test_it_raises_only_subclasses_of_fetch_error() -> None:
    for error in (
        BlockedAddress,
        ContentEncodingError,
        DecompressionBomb,
        FetchConnectionError,
        FetchTimeout,
        ResponseTooLarge,
        TooManyRedirects,
        UnsupportedURL,
    ):
        assert issubclass(error, FetchError)
