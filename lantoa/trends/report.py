"""What the pages show, assembled from the counts (series.py) and the pure scoring (spikes.py, forecast.py).

Spike windows are rolling, not calendar-aligned: "the last hour" is the 60 minutes before now, compared with the
12 hours before that; "the last day" is the 24 hours before now, compared with the 14 days before that. All windows
of one dimension come from one grouped query of conditional counts, so a dashboard checks every series in a handful
of queries.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from lantoa.monitoring.models import Item, ItemPlace, Story
from lantoa.trends import series
from lantoa.trends.forecast import Backtest, Forecast, backtest, forecast
from lantoa.trends.series import Filters
from lantoa.trends.spikes import MIN_COUNT_DAY, MIN_COUNT_HOUR, Score, Term, robust_score, top_terms

logger = logging.getLogger(__name__)

HOUR_BASELINE = 12
DAY_BASELINE = 14
# Texts read for the terms of one spike: every item of the window, at most this many of the baseline (the most
# recent), which is plenty to know what is usual and keeps a spike on the whole province's series cheap.
BASELINE_TEXTS = 1500
WINDOWS = {
    "hour": (timedelta(hours=1), HOUR_BASELINE, MIN_COUNT_HOUR),
    "day": (timedelta(days=1), DAY_BASELINE, MIN_COUNT_DAY),
}
WINDOW_LABELS = {"hour": _("giờ qua"), "day": _("24 giờ qua")}
SPIKE_DIMENSIONS: tuple[str | None, ...] = (None, "polarity", "sector", "commune", "outlet")


@dataclass(frozen=True)
class StoryRow:
    id: int
    title: str
    items: int  # copies inside the window


@dataclass(frozen=True)
class Spike:
    dimension: str | None
    key: str
    label: str
    window: str  # "hour" or "day"
    start: datetime
    end: datetime
    score: Score
    terms: list[Term]
    stories: list[StoryRow]

    @property
    def dimension_label(self) -> str:
        return str(series.DIMENSION_LABELS[self.dimension]) if self.dimension else ""

    @property
    def window_label(self) -> str:
        return str(WINDOW_LABELS[self.window])


def window_counts(dimension: str | None, filters: Filters, now: datetime) -> dict[str, dict[str, list[int]]]:
    """For each key of the dimension: {"hour": [current, previous 12...], "day": [current, previous 14...]}."""
    aggregates: dict[str, Any] = {}
    for window, (length, baseline, _minimum) in WINDOWS.items():
        for k in range(baseline + 1):
            moment = Q(moment__gte=now - (k + 1) * length, moment__lt=now - k * length)
            aggregates[f"{window}_{k}"] = Count("id", filter=moment, distinct=dimension == "commune")
    span_start = now - (DAY_BASELINE + 1) * WINDOWS["day"][0]
    items, names = series.with_dimension(series.between(series.coverage(filters), span_start, now), dimension)
    rows = items.values(*names).annotate(**aggregates).order_by() if names else [items.aggregate(**aggregates)]
    found: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        key = series.key_of(row, dimension)
        if dimension == "commune" and not key:
            continue
        found[key] = {
            window: [row[f"{window}_{k}"] or 0 for k in range(spec[1] + 1)] for window, spec in WINDOWS.items()
        }
    return found


def find_spikes(
    filters: Filters,
    now: datetime | None = None,
    *,
    dimensions: tuple[str | None, ...] = SPIKE_DIMENSIONS,
    limit: int = 10,
    explain: int = 10,
) -> list[Spike]:
    """Spikes in the last hour and the last day, strongest first; the first ``explain`` get their terms and
    stories (three queries each)."""
    now = now or timezone.now()
    candidates: list[tuple[str | None, str, str, Score]] = []
    labels: dict[tuple[str | None, str], str] = {}
    for dimension in dimensions:
        counts = window_counts(dimension, filters, now)
        names = series.labels_for(dimension, counts) if counts else {}
        for key, windows in counts.items():
            labels[(dimension, key)] = names.get(key, key)
            for window, values in windows.items():
                score = robust_score(values[0], values[1:], min_count=WINDOWS[window][2])
                if score.is_spike:
                    candidates.append((dimension, key, window, score))
    candidates.sort(key=lambda found: -found[3].score)
    spikes: list[Spike] = []
    for position, (dimension, key, window, score) in enumerate(candidates[:limit]):
        length = WINDOWS[window][0]
        start = now - length
        terms: list[Term] = []
        stories: list[StoryRow] = []
        if position < explain:
            terms, stories = explain_window(
                dimension, key, filters, start, now, now - length * (WINDOWS[window][1] + 1)
            )
        spikes.append(Spike(dimension, key, labels[(dimension, key)], window, start, now, score, terms, stories))
    return spikes


def _of_key(filters: Filters, dimension: str | None, key: str, start: datetime, end: datetime) -> QuerySet[Item]:
    items = series.between(series.coverage(filters), start, end)
    if dimension == "commune":  # a subquery, not a join, so that each item comes once
        return items.filter(id__in=ItemPlace.objects.filter(unit_code=key).values("item_id"))
    items, names = series.with_dimension(items, dimension)
    return items.filter(**{names[0]: key}) if names else items


def explain_window(
    dimension: str | None, key: str, filters: Filters, start: datetime, end: datetime, baseline_start: datetime
) -> tuple[list[Term], list[StoryRow]]:
    """The top terms of the window against the baseline, and the window's biggest stories."""
    window = list(_of_key(filters, dimension, key, start, end).values_list("title", "lead", "story_id"))
    baseline = _of_key(filters, dimension, key, baseline_start, start).order_by("-moment").values_list("title", "lead")
    baseline_texts = [f"{title}\n{lead}" for title, lead in baseline[:BASELINE_TEXTS]]
    terms = top_terms((f"{title}\n{lead}" for title, lead, _story in window), baseline_texts, limit=8)
    copies = Counter(story for _title, _lead, story in window if story is not None)
    top = [story for story, _n in copies.most_common(5)]
    titles = dict(Story.objects.filter(id__in=top).values_list("id", "title")) if top else {}
    stories = [StoryRow(story, titles.get(story, ""), copies[story]) for story in top if story in titles]
    return terms, stories


def negative_stories(filters: Filters, now: datetime | None = None, limit: int = 8) -> list[Story]:
    """Stories with relevant negative items in the last 48 hours, the most widely carried first."""
    now = now or timezone.now()
    items = series.between(series.coverage(filters), now - timedelta(hours=48), now).filter(polarity="neg")
    ids = items.values("story_id")
    return list(Story.objects.filter(id__in=ids).order_by("-outlet_count", "-item_count", "-last_seen_at")[:limit])


@dataclass(frozen=True)
class Outlook:
    """A daily series with its 7-day forecast and the backtest of the forecasting method on that series."""

    key: str
    label: str
    days: list[date]
    values: list[int]
    forecast_days: list[date]
    forecast: Forecast
    backtest: Backtest | None


def outlook(key: str, label: str, days: list[date], values: list[int]) -> Outlook:
    future = [days[-1] + timedelta(days=n + 1) for n in range(7)]
    return Outlook(key, label, days, values, future, forecast(values), backtest(values))


def history_days(now: datetime | None = None, weeks: int = 12) -> tuple[date, date]:
    """The last ``weeks`` full local days up to yesterday: today is partial and would look like a drop."""
    today = series.local_today(now)
    return today - timedelta(days=7 * weeks), today - timedelta(days=1)


def chart_payload(outlooks: list[Outlook], shown_days: int = 30) -> list[dict[str, Any]]:
    """What dashboard.js draws: the last ``shown_days`` of each series, then the forecast with its band."""
    payload = []
    for entry in outlooks:
        days = entry.days[-shown_days:]
        payload.append({
            "label": entry.label,
            "forecast_label": str(_("Dự báo")),
            "band_label": str(_("Khoảng 80%")),
            "days": [day.strftime("%d/%m") for day in days] + [day.strftime("%d/%m") for day in entry.forecast_days],
            "actual": entry.values[-shown_days:] + [None] * len(entry.forecast_days),
            "forecast": [None] * (len(days) - 1) + [entry.values[-1]] + [round(v, 1) for v in entry.forecast.mean],
            "lower": [None] * len(days) + [round(v, 1) for v in entry.forecast.lower],
            "upper": [None] * len(days) + [round(v, 1) for v in entry.forecast.upper],
        })  # fmt: skip
    return payload


POLARITY_ORDER = ("neg", "neu", "pos", "")


def stacked_payload(counts: series.SeriesSet, keys: list[str], *, hours: bool = False) -> dict[str, Any]:
    """Chart data for one series per key (dashboard.js's "stacked" and "lines" charts)."""
    fmt = "%H:%M" if hours else "%d/%m"
    return {
        "labels": [period.strftime(fmt) for period in counts.periods],
        "datasets": [
            {"key": key, "label": counts.labels.get(key, key), "data": counts.items.get(key, [0] * len(counts.periods))}
            for key in keys
        ],
    }


def cached_dashboard_data(filters: Filters) -> dict[str, Any]:
    """dashboard_data, shared for DASHBOARD_CACHE_SECONDS by everyone asking with the same filters and language.

    At a million items the coverage panels cost ~150 ms of database and Python work (doc/scaling.md), and at
    8 o'clock every leader opens the same page; items arrive in batches anyway, and the alerts, not this page,
    are what must be immediate. The cache is the installation's (Redis when configured, else files).
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return dashboard_data(filters)
    key = f"dashboard:{get_language()}:{filters.commune}:{filters.sector}"
    try:
        data: dict[str, Any] | None = cache.get(key)
    except (OSError, RedisError) as exc:
        # Redis down must not take the home page with it (doc/faults.md): compute it, as with the cache off.
        logger.warning("Dashboard cache unreachable, computing the page: %s", exc)
        return dashboard_data(filters)
    if data is None:
        data = dashboard_data(filters)
        try:
            cache.set(key, data, seconds)
        except (OSError, RedisError) as exc:
            logger.warning("Dashboard cache unreachable, page not stored: %s", exc)
    return data


def dashboard_data(filters: Filters, now: datetime | None = None) -> dict[str, Any]:
    """Everything the home page shows about coverage, in a bounded number of queries (see the test)."""
    now = now or timezone.now()
    first, last = history_days(now)
    by_polarity = series.daily("polarity", first, last, filters)
    total = by_polarity.total()
    main = outlook("all", str(_("Tin liên quan mỗi ngày")), by_polarity.periods, total)
    # The chart shows the last 30 of the 84 days the forecast needs: the same query serves both.
    recent = series.SeriesSet(
        by_polarity.periods[-30:], {key: values[-30:] for key, values in by_polarity.items.items()},
        labels=by_polarity.labels,
    )  # fmt: skip
    polarity_keys = [key for key in POLARITY_ORDER if key in by_polarity.items]
    hourly = series.hourly(None, 48, filters, now)
    return {
        "today": series.today_counts(filters, now),
        "negative_stories": negative_stories(filters, now),
        "spikes": find_spikes(filters, now, limit=5, explain=3),
        "outlook": main,
        "charts": {
            "forecast": chart_payload([main])[0],
            "polarity": stacked_payload(recent, polarity_keys),
            "hourly": stacked_payload(hourly, ["all"], hours=True),
        },
    }
