"""robots.txt, fetched through ``fetch`` and kept in memory per origin for a while.

The rules follow RFC 9309: a 4xx means there are no rules (crawl everything); a 5xx, a 429 or an unreachable host
means "assume everything is disallowed" until we try again ``error_ttl`` later, so that an outlet whose server is
struggling is left alone rather than crawled blind. The parsing is urllib.robotparser's (only its parser: the file
is fetched by ``fetch``, through the SSRF guard, never by robotparser's own urllib).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from django.conf import settings

from lantoa.core.http.client import ROBOTS_TOKEN, FetchResult, fetch
from lantoa.core.http.errors import FetchError

#: RFC 9309 asks crawlers to parse at least 500 KiB; larger files are treated as unreachable.
ROBOTS_MAX_BYTES = 512 * 1024
Fetcher = Callable[[str], FetchResult]
Verdict = Literal["rules", "allow-all", "disallow-all"]


@dataclass(frozen=True)
class RobotsEntry:
    verdict: Verdict
    parser: RobotFileParser | None
    expires: float  # on the cache's clock
    reason: str  # for logs: "HTTP 404", "HTTP 503", "FetchTimeout: …"


def _fetch_robots(url: str) -> FetchResult:
    return fetch(url, max_bytes=ROBOTS_MAX_BYTES, accept="text/plain, */*;q=0.1")


def robots_url(url: str) -> tuple[str, str]:
    """``(origin, robots.txt URL)`` for a page URL; robots.txt applies per scheme, host and port."""
    parts = urlsplit(url)
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    return origin, f"{origin}/robots.txt"


class RobotsCache:
    """Answers "may Lantoa fetch this URL?"; thread-safe, in memory (one per worker process for now)."""

    def __init__(
        self,
        *,
        agent: str = ROBOTS_TOKEN,
        ttl: float | None = None,
        error_ttl: float | None = None,
        fetcher: Fetcher | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_origins: int = 10_000,
    ) -> None:
        self.agent = agent
        self.ttl = float(settings.ROBOTS_TTL if ttl is None else ttl)
        self.error_ttl = float(settings.ROBOTS_ERROR_TTL if error_ttl is None else error_ttl)
        self._fetcher = fetcher or _fetch_robots
        self._clock = clock
        self._max_origins = max_origins
        self._entries: dict[str, RobotsEntry] = {}
        self._lock = threading.Lock()

    def entry(self, url: str) -> RobotsEntry:
        """The cached entry for ``url``'s origin, fetched now if missing or expired."""
        origin, robots = robots_url(url)
        now = self._clock()
        with self._lock:
            cached = self._entries.get(origin)
        if cached is not None and cached.expires > now:
            return cached
        # Fetched outside the lock: one slow outlet must not hold up the others. Two threads may both fetch the
        # same robots.txt once; that costs one request and is simpler than a lock per origin.
        fresh = self._load(robots, now)
        with self._lock:
            if len(self._entries) >= self._max_origins and origin not in self._entries:
                oldest = min(self._entries, key=lambda key: self._entries[key].expires)
                del self._entries[oldest]
            self._entries[origin] = fresh
        return fresh

    def _load(self, robots: str, now: float) -> RobotsEntry:
        try:
            result = self._fetcher(robots)
        except FetchError as exc:
            return RobotsEntry("disallow-all", None, now + self.error_ttl, f"{type(exc).__name__}: {exc}")
        status = result.status
        if status == 429 or status >= 500:
            return RobotsEntry("disallow-all", None, now + self.error_ttl, f"HTTP {status}")
        if not 200 <= status < 300:
            return RobotsEntry("allow-all", None, now + self.ttl, f"HTTP {status}")
        parser = RobotFileParser(robots)
        parser.parse(result.text().text.splitlines())
        return RobotsEntry("rules", parser, now + self.ttl, f"HTTP {status}")

    def allowed(self, url: str) -> bool:
        entry = self.entry(url)
        if entry.verdict == "allow-all":
            return True
        if entry.verdict == "disallow-all" or entry.parser is None:
            return False
        return entry.parser.can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay for our agent at ``url``'s origin, in seconds, if robots.txt sets one."""
        entry = self.entry(url)
        if entry.parser is None:
            return None
        delay = entry.parser.crawl_delay(self.agent)
        return None if delay is None else float(delay)

    def forget(self, url: str) -> None:
        origin, _robots = robots_url(url)
        with self._lock:
            self._entries.pop(origin, None)
