"""A minimum interval between two requests to the same host, in memory.

The library does not sleep on its own: a worker that is told "wait 3.2 s for baothainguyen.vn" can fetch another
outlet meanwhile, or put the task back in the queue. ``wait`` sleeps only when a caller asks for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings

from lantoa.core.http.guard import normalize_host


class HostThrottle:
    """Next allowed time per host; ``reserve`` claims the next slot atomically for concurrent workers."""

    def __init__(
        self,
        min_interval: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = float(settings.FETCH_HOST_INTERVAL if min_interval is None else min_interval)
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._lock = threading.Lock()

    def interval(self, host: str) -> float:
        with self._lock:
            return self._intervals.get(normalize_host(host), self.min_interval)

    def set_interval(self, host: str, seconds: float) -> None:
        """A longer interval for one host (robots.txt Crawl-delay); never shorter than the minimum."""
        with self._lock:
            self._intervals[normalize_host(host)] = max(self.min_interval, float(seconds))

    def wait_time(self, host: str) -> float:
        """Seconds until ``host`` may be contacted again (0.0: now)."""
        with self._lock:
            return max(0.0, self._next.get(normalize_host(host), 0.0) - self._clock())

    def record(self, host: str) -> None:
        """Note a request to ``host`` made now: the next one waits a full interval."""
        key = normalize_host(host)
        with self._lock:
            self._next[key] = self._clock() + self._intervals.get(key, self.min_interval)
            self._prune()

    def reserve(self, host: str) -> float:
        """Claim the next slot for ``host``; returns how long to wait before using it. Two callers never share one."""
        key = normalize_host(host)
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(key, now))
            self._next[key] = slot + self._intervals.get(key, self.min_interval)
            self._prune()
            return slot - now

    def wait(self, host: str) -> float:
        """Reserve a slot and sleep until it comes; returns the seconds slept."""
        delay = self.reserve(host)
        if delay > 0:
            self._sleep(delay)
        return delay

    def _prune(self) -> None:
        # Hosts whose slot has passed carry no information; forgetting them keeps the dict to the active hosts.
        if len(self._next) > 1024:
            now = self._clock()
            for key in [key for key, at in self._next.items() if at <= now]:
                del self._next[key]
