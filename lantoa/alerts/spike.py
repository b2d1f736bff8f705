"""Negative-volume spikes, kept small on purpose: the count of the last window against the 14 days before it.

The score is the trends app's (``lantoa.trends.spikes.robust_score``), so that an alert and the spike shown on the
dashboard agree: (current − median) / max(1.4826 × MAD, √median, 1). The √median floor is Poisson noise: a commune
with a steady 9 negative items a day has MAD 0, and without the floor a 13th item would score 4 and alert. The floor
at 1 keeps "3 items where there are usually none" at 3 instead of infinity; the rule's minimum count stops 1-item
"spikes". The rule chooses the threshold and the minimum count; this module only counts and answers "fire now?".
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from lantoa.trends.spikes import robust_score

HISTORY_DAYS = 14


@dataclass(frozen=True)
class Spike:
    current: int
    mean: float  # of the history windows, for the message
    median: float
    score: float
    fired: bool


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
    scored = robust_score(current, history, min_count=min_count, threshold=threshold)
    return Spike(
        current=current,
        mean=statistics.fmean(history) if history else 0.0,
        median=scored.baseline_median,
        score=scored.score,
        fired=scored.is_spike,
    )
