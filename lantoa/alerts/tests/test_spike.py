"""The spike rule's score is the trends app's robust score, √median floor included (pure functions, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lantoa.alerts.spike import HISTORY_DAYS, detect, window_counts
from lantoa.trends.spikes import robust_score

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def daily(counts: list[int], today: int) -> list[datetime]:
    """Item times: ``counts[i]`` items on the i-th of the 14 days before today (oldest first), ``today`` today."""
    times = [NOW - timedelta(minutes=30)] * today
    for index, count in enumerate(counts):
        days_ago = HISTORY_DAYS - index
        times += [NOW - days_ago * DAY - timedelta(minutes=30)] * count
    return times


def test_the_windows_count_today_and_each_of_the_14_days_before() -> None:
    current, history = window_counts(daily([1] * 7 + [2] * 7, 5), NOW, DAY)
    assert current == 5 and history == [1] * 7 + [2] * 7
    # An item dated in the future is no evidence; one older than the history is out.
    current, history = window_counts([NOW + timedelta(hours=2), NOW - 20 * DAY], NOW, DAY)
    assert current == 0 and sum(history) == 0


def test_a_steady_small_count_does_not_fire_on_noise() -> None:
    # Nine negative items every day: MAD 0. A scale of 1 would make 13 today a z of 4 (an alert every few weeks
    # from Poisson noise alone); the √median floor makes it (13 − 9) / 3 ≈ 1.3.
    found = detect(daily([9] * 14, 13), NOW, DAY, threshold=3.5, min_count=3)
    assert (found.current, found.median) == (13, 9)
    assert round(found.score, 2) == 1.33 and not found.fired


def test_a_real_jump_on_the_same_series_still_fires() -> None:
    found = detect(daily([9] * 14, 25), NOW, DAY, threshold=3.5, min_count=3)
    assert round(found.score, 2) == 5.33 and found.fired


def test_a_quiet_commune_fires_on_a_few_items_and_the_minimum_count_still_applies() -> None:
    # Usually nothing: the floor at 1 keeps the score finite (4 items: z = 4).
    found = detect(daily([0] * 10 + [1, 0, 0, 1], 4), NOW, DAY, threshold=3.5, min_count=3)
    assert (found.median, found.score, found.fired) == (0, 4.0, True)
    assert not detect(daily([0] * 14, 4), NOW, DAY, threshold=3.5, min_count=5).fired
    assert not detect(daily([0] * 14, 3), NOW, DAY, threshold=3.5, min_count=3).fired  # z = 3 < 3.5


def test_alerts_and_trends_give_the_same_score() -> None:
    counts = [3, 8, 2, 9, 4, 4, 30, 5, 6, 2, 7, 3, 5, 4]
    found = detect(daily(counts, 21), NOW, DAY, threshold=3.5, min_count=3)
    scored = robust_score(21, counts, min_count=3)
    assert (found.score, found.median, found.fired) == (scored.score, scored.baseline_median, scored.is_spike)
    assert found.mean == sum(counts) / len(counts)
