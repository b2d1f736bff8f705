"""Counts of the province's coverage over time, straight from the items with the ORM (SQLite and PostgreSQL).

An item counts at its publication time, or at its collection time when the outlet gave none; days and hours are
Asia/Ho_Chi_Minh local time (TruncDate/TruncHour with tzinfo), so an article published at 23:30 on the 4th
belongs to the 4th even though it is the 4th 16:30 in UTC. Only relevant items count (those about the province),
without pending or quarantined ones, as in the item stream's default view.

Counting months of items on every page view is slow (bench/trends.py: 12 weeks by day took 0.8–1.2 s on SQLite
over 105,000 items), so closed days of the province-wide view come from a daily-counts table (``counts``,
``models.DailyCount``) refreshed by a periodic task; ``daily`` is its single reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate, TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.monitoring.labels import LABEL_NAMES
from lantoa.monitoring.models import Item, ItemPlace, ItemStatus
from lantoa.org.models import AdministrativeUnit

# The dimensions a series can be split by: URL value -> the field (or annotation) grouped on.
DIMENSIONS: dict[str, str] = {
    "polarity": "polarity",
    "sector": "sector",
    "commune": "places__unit_code",
    "outlet": "outlet_key",
}
DIMENSION_LABELS = {
    "polarity": _("Chiều hướng tin"),
    "sector": _("Lĩnh vực"),
    "commune": _("Xã, phường"),
    "outlet": _("Cơ quan báo chí"),
}
UNLABELLED = _("Chưa gán nhãn")
UNKNOWN_OUTLET = _("Không rõ nguồn đăng")


def zone() -> tzinfo:
    return timezone.get_default_timezone()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone())


def local_today(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), zone()).date()


@dataclass(frozen=True)
class Filters:
    """The filters every trends page and the dashboard take: a commune (five-digit code) and a sector."""

    commune: str = ""
    sector: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        # Unknown values are dropped rather than rejected: a stale bookmark still shows the whole province.
        commune = params.get("dia_ban", "").strip()
        sector = params.get("linh_vuc", "").strip()
        return cls(
            commune=commune if commune.isdigit() and len(commune) <= 5 else "",
            sector=sector if sector in LABEL_NAMES["sector"] else "",
        )

    def as_params(self) -> dict[str, str]:
        return {"dia_ban": self.commune, "linh_vuc": self.sector}


def coverage(filters: Filters, *, relevant_only: bool = True) -> QuerySet[Item]:
    """The items the trends count, with the filters applied and ``moment`` (publication, else collection)."""
    items = Item.objects.exclude(status__in=[ItemStatus.PENDING, ItemStatus.QUARANTINED])
    if relevant_only:
        items = items.filter(relevant=True)
    if filters.commune:
        # A subquery, not a join: an item naming the commune twice must still count once.
        items = items.filter(id__in=ItemPlace.objects.filter(unit_code=filters.commune.zfill(5)).values("item_id"))
    if filters.sector:
        items = items.filter(sector=filters.sector)
    return items.annotate(moment=Coalesce("published_at", "ingested_at"))


def between(items: QuerySet[Item], start: datetime, end: datetime) -> QuerySet[Item]:
    """Items whose moment is in [start, end). Spelled out on both columns so that their indexes serve."""
    return items.filter(
        Q(published_at__gte=start, published_at__lt=end)
        | Q(published_at__isnull=True, ingested_at__gte=start, ingested_at__lt=end)
    )


def with_dimension(items: QuerySet[Item], dimension: str | None) -> tuple[QuerySet[Item], list[str]]:
    """The items annotated for grouping by ``dimension``, and the value names to group on."""
    if dimension is None:
        return items, []
    if dimension == "outlet":
        name = Coalesce(F("outlet__name"), NullIf(F("outlet_name"), Value("")), Value(""), output_field=CharField())
        return items.annotate(outlet_key=name), ["outlet_key"]
    return items, [DIMENSIONS[dimension]]


def key_of(row: Mapping[str, Any], dimension: str | None) -> str:
    if dimension is None:
        return "all"
    value = row[DIMENSIONS[dimension]]
    return "" if value is None else str(value)


@dataclass
class SeriesSet:
    """Counts per period (oldest first) for each key of a dimension ("all" when not split)."""

    periods: list[Any]  # dates (daily) or aware local datetimes (hourly)
    items: dict[str, list[int]] = field(default_factory=dict)
    stories: dict[str, list[int]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def total(self, kind: str = "items") -> list[int]:
        rows = self.items if kind == "items" else self.stories
        return [sum(column) for column in zip(*rows.values(), strict=True)] if rows else [0] * len(self.periods)

    def ranked(self, limit: int | None = None) -> list[str]:
        """Keys by total items, largest first."""
        keys = sorted(self.items, key=lambda key: (-sum(self.items[key]), self.labels.get(key, key)))
        return keys[:limit] if limit else keys


def _grouped(
    dimension: str | None, start: datetime, end: datetime, filters: Filters, bucket: TruncDate | TruncHour
) -> list[dict[str, Any]]:
    items, names = with_dimension(between(coverage(filters), start, end), dimension)
    rows = (
        items.annotate(bucket=bucket)
        .values("bucket", *names)
        .annotate(n=Count("id", distinct=True), s=Count("story_id", distinct=True))
        .order_by()
    )
    return list(rows)


def _fill(result: SeriesSet, rows: list[dict[str, Any]], dimension: str | None, index: dict[Any, int]) -> None:
    for row in rows:
        key = key_of(row, dimension)
        if dimension == "commune" and not key:
            continue  # the province as a whole, not a commune
        position = index.get(row["bucket"])
        if position is None:
            continue
        result.items.setdefault(key, [0] * len(index))[position] += row["n"]
        result.stories.setdefault(key, [0] * len(index))[position] += row["s"]


def daily(dimension: str | None, first_day: date, last_day: date, filters: Filters) -> SeriesSet:
    """Daily counts from ``first_day`` to ``last_day`` inclusive, local days, missing days as zeros.

    The province-wide view reads closed days from the daily-counts table (``counts``) once it has been filled, and
    counts only the rest (today) from the items; filtered views count from the items."""
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    index = {day: n for n, day in enumerate(days)}
    result = SeriesSet(days)
    live_from = first_day
    if not filters.commune and not filters.sector:
        from lantoa.trends import counts

        covered = counts.covered_until()
        if covered is not None and covered >= first_day:
            stored_until = min(covered, last_day)
            for day, keys in counts.read(dimension, first_day, stored_until).items():
                for key, (n, stories) in keys.items():
                    result.items.setdefault(key, [0] * len(days))[index[day]] += n
                    result.stories.setdefault(key, [0] * len(days))[index[day]] += stories
            live_from = stored_until + timedelta(days=1)
    if live_from <= last_day:
        rows = _grouped(dimension, local_midnight(live_from), local_midnight(last_day + timedelta(days=1)), filters,
                        TruncDate("moment", tzinfo=zone()))  # fmt: skip
        _fill(result, rows, dimension, index)
    result.labels = labels_for(dimension, result.items)
    return result


def hourly(dimension: str | None, hours: int, filters: Filters, now: datetime | None = None) -> SeriesSet:
    """Hourly counts of the last ``hours`` local hours, the current (partial) hour last."""
    current = timezone.localtime(now or timezone.now(), zone()).replace(minute=0, second=0, microsecond=0)
    periods = [current - timedelta(hours=hours - 1 - n) for n in range(hours)]
    rows = _grouped(dimension, periods[0], current + timedelta(hours=1), filters, TruncHour("moment", tzinfo=zone()))
    for row in rows:  # PostgreSQL and SQLite may hand back the hour in different zones: compare as local time
        row["bucket"] = timezone.localtime(row["bucket"], zone()) if row["bucket"] else None
    result = SeriesSet(periods)
    _fill(result, rows, dimension, {moment: n for n, moment in enumerate(periods)})
    result.labels = labels_for(dimension, result.items)
    return result


def labels_for(dimension: str | None, keys: Mapping[str, object]) -> dict[str, str]:
    """Vietnamese names of a dimension's keys (communes need one query; the rest are known)."""
    if dimension is None:
        return {"all": str(_("Tất cả tin liên quan"))}
    if dimension in ("polarity", "sector"):
        names = LABEL_NAMES[dimension]
        return {key: str(names.get(key, key)) if key else str(UNLABELLED) for key in keys}
    if dimension == "commune":
        codes = [int(key) for key in keys if key.isdigit()]
        units = dict(AdministrativeUnit.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
        return {key: units.get(int(key), key) if key.isdigit() else key for key in keys}
    return {key: key or str(UNKNOWN_OUTLET) for key in keys}


@dataclass(frozen=True)
class Share:
    label: str
    items: int
    percent: float


def share_of_voice(start: datetime, end: datetime, filters: Filters, limit: int = 10) -> list[Share]:
    """Each outlet's share of the relevant items in [start, end), largest first; the rest summed as "others"."""
    items, names = with_dimension(between(coverage(filters), start, end), "outlet")
    rows = list(items.values(*names).annotate(n=Count("id")).order_by("-n", *names))
    total = sum(row["n"] for row in rows)
    if not total:
        return []
    shares = [Share(row["outlet_key"] or str(UNKNOWN_OUTLET), row["n"], 100.0 * row["n"] / total)
              for row in rows[:limit]]  # fmt: skip
    rest = sum(row["n"] for row in rows[limit:])
    if rest:
        shares.append(Share(str(_("Các nguồn khác")), rest, 100.0 * rest / total))
    return shares


def today_counts(filters: Filters, now: datetime | None = None) -> dict[str, int]:
    """Today's (local day so far) items, relevant ones, and the relevant ones by polarity: one query."""
    today = local_today(now)
    items = between(coverage(filters, relevant_only=False), local_midnight(today), local_midnight(today + timedelta(1)))
    relevant = Q(relevant=True)
    # Aggregate names must not shadow fields ("relevant"): prefixed, then renamed.
    found = items.aggregate(
        n_items=Count("id"),
        n_relevant=Count("id", filter=relevant),
        n_neg=Count("id", filter=relevant & Q(polarity="neg")),
        n_neu=Count("id", filter=relevant & Q(polarity="neu")),
        n_pos=Count("id", filter=relevant & Q(polarity="pos")),
    )
    return {name.removeprefix("n_"): int(value or 0) for name, value in found.items()}
