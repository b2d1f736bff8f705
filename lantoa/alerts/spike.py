"""Negative-volume spikes, kept small on purpose: the count of the last window against the 14 days before it.

The score is a robust z-score: (current − median) / (1.4826 × MAD), the MAD scaled to match a standard deviation
for normal data. Median and MAD ignore one earlier burst that a mean and standard deviation would absorb. When the
history is flat (MAD 0: most communes have no negative news most hours) the scale is floored at 1, so that "3 items
where there are usually none" scores 3 instead of infinity; the rule's minimum count stops 1-item "spikes".
The full trends app (forecasts, seasonality) is elsewhere; this only answers "fire an alert now?".
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

HISTORY_DAYS = 14
MAD_SCALE = 1.4826


@dataclass(frozen=True)
class Spike:
    current: int
    mean: float  # of the history windows, for the message
    median: float
    score: float
    fired: bool


def robust_z(current: float, history: Sequence[float]) -> float:
    if not history:
        return 0.0
    median = statistics.median(history)
    mad = statistics.median(abs(value - median) for value in history)
    return (current - median) / max(MAD_SCALE * mad, 1.0)


def window_counts(times: Iterable[datetime], now: datetime, window: timedelta) -> tuple[int, list[int]]:
    """Items in (now − window, now], and in each of the windows of the 14 days before it (oldest first)."""
    buckets = int(timedelta(days=HISTORY_DAYS) / window)
    history = [0] * buckets
    current = 0
    for moment in times:
        age = now - moment
        if age < timedelta(0):
            continue  # dated in the future (a wrong clock at the outlet): not evidence of anything now
        index = int(age / window)
        if index == 0:
            current += 1
        elif index <= buckets:
            history[buckets - index] += 1
    return current, history


def detect(times: Iterable[datetime], now: datetime, window: timedelta, threshold: float, min_count: int) -> Spike:
    current, history = window_counts(times, now, window)
    score = robust_z(current, history)
    return Spike(
        current=current,
        mean=statistics.fmean(history) if history else 0.0,
        median=statistics.median(history) if history else 0.0,
        score=score,
        fired=current >= min_count and score >= threshold,
    )
