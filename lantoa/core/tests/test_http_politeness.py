"""RobotsCache and HostThrottle with a fake fetcher and a fake clock (the real fetch is in test_http_fetch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import pytest

from lantoa.core.http import FetchResult, FetchTimeout, HostThrottle, RobotsCache
from lantoa.core.http.robots import robots_url


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeFetcher:
    """Answers robots.txt URLs with a status and body, or raises; records what it was asked."""

    status: int = 200
    body: bytes = b""
    error: Exception | None = None
    asked: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> FetchResult:
        self.asked.append(url)
        if self.error is not None:
            raise self.error
        return FetchResult(
            url=url,
            final_url=url,
            status=self.status,
            headers=MappingProxyType({"content-type": "text/plain"}),
            body=self.body,
            etag=None,
            last_modified=None,
            not_modified=False,
            elapsed=0.01,
            redirects=(),
        )


ROBOTS = b"""
User-agent: *
Disallow: /admin/

User-agent: Lantoa
Disallow: /tim-kiem
Crawl-delay: 10
"""


def test_it_applies_our_group_and_caches_per_origin_for_the_ttl() -> None:
    clock, fetcher = Clock(), FakeFetcher(body=ROBOTS)
    cache = RobotsCache(fetcher=fetcher, ttl=3600, error_ttl=60, clock=clock)
    assert cache.allowed("https://baothainguyen.vn/thoi-su/bai-1.html")
    assert not cache.allowed("https://baothainguyen.vn/tim-kiem?q=abc")
    assert cache.crawl_delay("https://baothainguyen.vn/") == 10.0
    assert fetcher.asked == ["https://baothainguyen.vn/robots.txt"]
    # Another scheme or port is another origin with its own robots.txt (RFC 9309).
    cache.allowed("http://baothainguyen.vn/")
    cache.allowed("https://baothainguyen.vn:8443/")
    assert fetcher.asked[1:] == ["http://baothainguyen.vn/robots.txt", "https://baothainguyen.vn:8443/robots.txt"]

    clock.now += 3599
    cache.allowed("https://baothainguyen.vn/x")
    assert len(fetcher.asked) == 3
    clock.now += 2
    cache.allowed("https://baothainguyen.vn/x")
    assert len(fetcher.asked) == 4  # expired: fetched again


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_it_allows_everything_when_robots_txt_is_a_4xx(status: int) -> None:
    cache = RobotsCache(fetcher=FakeFetcher(status=status, body=b"User-agent: *\nDisallow: /"), ttl=60, error_ttl=60)
    assert cache.allowed("https://outlet.example/any")
    assert cache.crawl_delay("https://outlet.example/any") is None
    assert cache.entry("https://outlet.example/").reason == f"HTTP {status}"


@pytest.mark.parametrize("status", [429, 500, 503])
def test_it_disallows_everything_for_a_while_after_a_5xx(status: int) -> None:
    clock, fetcher = Clock(), FakeFetcher(status=status)
    cache = RobotsCache(fetcher=fetcher, ttl=3600, error_ttl=300, clock=clock)
    assert not cache.allowed("https://outlet.example/page")
    clock.now += 299
    assert not cache.allowed("https://outlet.example/page")
    assert len(fetcher.asked) == 1  # not hammered while it is down
    fetcher.status, fetcher.body = 200, b""
    clock.now += 2
    assert cache.allowed("https://outlet.example/page")  # asked again after error_ttl, and it recovered
    assert len(fetcher.asked) == 2


def test_it_disallows_everything_while_robots_txt_is_unreachable() -> None:
    fetcher = FakeFetcher(error=FetchTimeout("outlet.example: no connection within 10 s"))
    cache = RobotsCache(fetcher=fetcher, ttl=3600, error_ttl=300, clock=Clock())
    assert not cache.allowed("https://outlet.example/page")
    assert cache.entry("https://outlet.example/page").reason.startswith("FetchTimeout: outlet.example")


def test_it_forgets_an_origin_on_request_and_bounds_its_size() -> None:
    clock, fetcher = Clock(), FakeFetcher(body=ROBOTS)
    cache = RobotsCache(fetcher=fetcher, ttl=3600, error_ttl=60, clock=clock, max_origins=2)
    cache.allowed("https://a.example/")
    cache.forget("https://a.example/x")
    cache.allowed("https://a.example/")
    assert fetcher.asked.count("https://a.example/robots.txt") == 2
    for host in ("b", "c", "d"):
        clock.now += 1
        cache.allowed(f"https://{host}.example/")
    assert len(cache._entries) == 2


def test_it_builds_the_robots_url_of_an_origin() -> None:
    assert robots_url("HTTPS://Bao.Example:8443/a/b?c=d#e") == (
        "https://bao.example:8443",
        "https://bao.example:8443/robots.txt",
    )


def test_it_tells_how_long_to_wait_for_a_host_without_sleeping() -> None:
    clock = Clock()
    slept: list[float] = []
    throttle = HostThrottle(5, clock=clock, sleep=slept.append)
    assert throttle.wait_time("baothainguyen.vn") == 0.0
    throttle.record("baothainguyen.vn")
    assert throttle.wait_time("BaoThaiNguyen.vn.") == 5.0  # the same host, however it is written
    assert throttle.wait_time("dantri.com.vn") == 0.0  # other hosts are not held up
    clock.now += 3.5
    assert throttle.wait_time("baothainguyen.vn") == pytest.approx(1.5)
    clock.now += 2
    assert throttle.wait_time("baothainguyen.vn") == 0.0
    assert slept == []


def test_it_gives_concurrent_callers_successive_slots() -> None:
    clock = Clock()
    throttle = HostThrottle(2, clock=clock)
    assert [throttle.reserve("vnexpress.net") for _ in range(3)] == [0.0, 2.0, 4.0]
    assert throttle.wait_time("vnexpress.net") == 6.0


def test_it_sleeps_only_when_asked_and_honours_a_crawl_delay() -> None:
    clock = Clock()
    slept: list[float] = []
    throttle = HostThrottle(2, clock=clock, sleep=slept.append)
    throttle.set_interval("nld.com.vn", 10)
    throttle.set_interval("tuoitre.vn", 0.5)  # never below the minimum
    assert throttle.interval("tuoitre.vn") == 2.0
    assert throttle.wait("nld.com.vn") == 0.0
    assert throttle.wait("nld.com.vn") == 10.0
    assert slept == [10.0]


def test_it_reads_its_defaults_from_settings(settings: object) -> None:
    settings.FETCH_HOST_INTERVAL = 7  # type: ignore[attr-defined]
    settings.ROBOTS_TTL = 120  # type: ignore[attr-defined]
    settings.ROBOTS_ERROR_TTL = 90  # type: ignore[attr-defined]
    assert HostThrottle().min_interval == 7.0
    cache = RobotsCache(fetcher=FakeFetcher())
    assert (cache.ttl, cache.error_ttl) == (120.0, 90.0)
