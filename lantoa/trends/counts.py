"""Refreshing and reading the daily-counts table (see models.DailyCount)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, TruncDate

from lantoa.monitoring.models import Item
from lantoa.trends import series
from lantoa.trends.models import DailyCount, RefreshMark

DIMENSIONS: tuple[str | None, ...] = (None, *series.DIMENSIONS)
RECENT_DAYS = 7  # always recounted: corrections and relabelling change the labels of recent items
MARK = "daily-counts"


def recount(days: set[date]) -> int:
    """Recount the given local days (closed or not) into the table; returns the number of rows written."""
    written = 0
    for day in sorted(days):
        start, end = series.local_midnight(day), series.local_midnight(day + timedelta(days=1))
        rows: list[DailyCount] = []
        for dimension in DIMENSIONS:
            grouped = series._grouped(
                dimension, start, end, series.Filters(), TruncDate("moment", tzinfo=series.zone())
            )
            totals: dict[str, list[int]] = {}
            for row in grouped:
                key = series.key_of(row, dimension)
                if dimension == "commune" and not key:
                    continue
                pair = totals.setdefault(key, [0, 0])
                pair[0] += row["n"]
                pair[1] += row["s"]
            rows.extend(
                DailyCount(day=day, dimension=dimension or "all", key=key[:200], items=n, stories=s)
                for key, (n, s) in totals.items()
            )
        with transaction.atomic():
            DailyCount.objects.filter(day=day).delete()
            DailyCount.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def days_with_new_items(after_id: int) -> tuple[set[date], int]:
    """The local days of the items stored after ``after_id`` (by their moment), and the highest id seen."""
    new = Item.objects.filter(id__gt=after_id)
    top = new.aggregate(top=Max("id"))["top"] or after_id
    moments = (
        new.annotate(moment=Coalesce("published_at", "ingested_at"))
        .annotate(day=TruncDate("moment", tzinfo=series.zone()))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    return {day for day in moments if day is not None}, top


def refresh(today: date | None = None) -> int:
    """Recount the days that received items since the last refresh, and the last week. Idempotent."""
    today = today or series.local_today()
    mark, _ = RefreshMark.objects.get_or_create(name=MARK)
    days, top = days_with_new_items(mark.last_item_id)
    days |= {today - timedelta(days=n) for n in range(RECENT_DAYS + 1)}
    written = recount({day for day in days if day <= today})
    RefreshMark.objects.filter(pk=mark.pk).update(last_item_id=top)
    return written


def covered_until() -> date | None:
    """The last day the table may answer for: days up to yesterday once a refresh has run."""
    if not RefreshMark.objects.filter(name=MARK, last_item_id__gt=0).exists():
        return None
    return series.local_today() - timedelta(days=1)


def read(dimension: str | None, first_day: date, last_day: date) -> dict[date, dict[str, tuple[int, int]]]:
    rows = DailyCount.objects.filter(dimension=dimension or "all", day__gte=first_day, day__lte=last_day)
    found: dict[date, dict[str, tuple[int, int]]] = {}
    for day, key, n, s in rows.values_list("day", "key", "items", "stories").iterator(chunk_size=5000):
        found.setdefault(day, {})[key] = (n, s)
    return found
