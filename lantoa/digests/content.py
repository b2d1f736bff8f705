"""What goes into a digest: the period's relevant stories, grouped and ordered, and the counts against the period
before. Read-only: services snapshot it into a Digest, the ``lantoa digest`` command renders it straight away.

Order (what the press office reads first): the stories that need attention — negative for the province, or with a
high misinformation risk to verify — most outlets first; then the other stories sector by sector, the biggest
sectors first, at most ``DIGEST_STORIES_PER_SECTOR`` each (the rest are counted).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from lantoa.monitoring.models import Item, ItemPlace, Story
from lantoa.org.models import AdministrativeUnit, Organisation

ATTENTION = "attention"
# A story whose misinformation risk reaches this goes to the attention section for a person to verify.
MISINFO_ATTENTION = 0.7
SUMMARY_CHARS = 320


@dataclass
class EntryData:
    story_id: int | None
    section: str
    title: str
    outlet_name: str
    other_outlets: int
    published_at: datetime | None
    summary: str
    url: str
    polarity: str
    sector: str
    communes: list[str]
    agencies: list[str]
    misinfo_risk: float | None
    note: str = ""
    excluded: bool = False


@dataclass
class DigestData:
    period: str
    day: date
    start: datetime
    end: datetime
    entries: list[EntryData]
    stats: dict[str, Any] = field(default_factory=dict)


def period_bounds(period: str, day: date) -> tuple[datetime, datetime]:
    """[start, end) of the digest dated ``day``: the 24 h (7 days) before the scheduled hour on that day."""
    hour, minute = settings.DIGEST_DAILY_AT if period == "day" else settings.DIGEST_WEEKLY_AT
    end = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return end - timedelta(days=1 if period == "day" else 7), end


def summarise(lead: str, body: str, limit: int = SUMMARY_CHARS) -> str:
    """The lead, else the first sentences of the body, cut at a word boundary."""
    text = " ".join((lead or body).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    if end > limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def _stories_in(start: datetime, end: datetime) -> Any:
    in_window = Q(first_published_at__gte=start, first_published_at__lt=end)
    undated = Q(first_published_at__isnull=True, last_seen_at__gte=start, last_seen_at__lt=end)
    return Story.objects.filter(in_window | undated, relevant=True)


def _unit_names() -> dict[str, str]:
    # ItemPlace.unit_code is the official 5-digit code as text ("05908"), AdministrativeUnit.code the number.
    return {f"{code:05d}": name for code, name in AdministrativeUnit.objects.values_list("code", "name")}


def _organisation_names() -> dict[str, str]:
    return dict(Organisation.objects.values_list("code", "name"))


def _communes_by_story(story_ids: list[int]) -> dict[int, list[str]]:
    """Unit codes named by any copy of each story, most mentioned first."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    places = ItemPlace.objects.filter(item__story_id__in=story_ids).exclude(unit_code="")
    for story_id, unit_code in places.values_list("item__story_id", "unit_code").iterator(chunk_size=5000):
        counts[story_id][unit_code] += 1
    return {story_id: [code for code, _count in counter.most_common()] for story_id, counter in counts.items()}


def _counts(start: datetime, end: datetime) -> dict[str, Counter[str]]:
    rows = _stories_in(start, end).values_list("id", "first_item__polarity", "first_item__sector")
    polarity: Counter[str] = Counter()
    sector: Counter[str] = Counter()
    ids = []
    for story_id, story_polarity, story_sector in rows.iterator(chunk_size=5000):
        ids.append(story_id)
        polarity[story_polarity or "neu"] += 1
        sector[story_sector or "other"] += 1
    communes: Counter[str] = Counter()
    for codes in _communes_by_story(ids).values():
        communes.update(codes)
    return {"polarity": polarity, "sector": sector, "commune": communes}


def _compare(current: Counter[str], previous: Counter[str]) -> list[dict[str, Any]]:
    keys = sorted(set(current) | set(previous), key=lambda key: (-current[key], -previous[key], key))
    return [{"key": key, "count": current[key], "previous": previous[key]} for key in keys]


def collect(period: str, day: date) -> DigestData:
    """The digest's content for the period ending on ``day`` (nothing is written)."""
    start, end = period_bounds(period, day)
    stories = list(
        _stories_in(start, end)
        .select_related("first_item")
        .only(
            "id",
            "title",
            "first_published_at",
            "last_seen_at",
            "outlet_count",
            "first_item__outlet_name",
            "first_item__url",
            "first_item__lead",
            "first_item__body",
            "first_item__polarity",
            "first_item__sector",
            "first_item__agencies",
            "first_item__misinfo_risk",
            "first_item__published_at",
            "first_item__title",
        )
        .order_by("-outlet_count", "-first_published_at", "id")
    )
    communes = _communes_by_story([story.pk for story in stories])
    unit_names, organisation_names = _unit_names(), _organisation_names()
    attention: list[EntryData] = []
    by_sector: dict[str, list[EntryData]] = defaultdict(list)
    for story in stories:
        item: Item | None = story.first_item
        risk = item.misinfo_risk if item else None
        entry = EntryData(
            story_id=story.pk,
            section="",
            title=story.title or (item.title if item else ""),
            outlet_name=item.outlet_name if item else "",
            other_outlets=max(story.outlet_count - 1, 0),
            published_at=story.first_published_at or (item.published_at if item else None),
            summary=summarise(item.lead, item.body[:2000]) if item else "",
            url=item.url if item else "",
            polarity=(item.polarity if item else "") or "neu",
            sector=(item.sector if item else "") or "other",
            communes=[unit_names[code] for code in communes.get(story.pk, []) if code in unit_names],
            agencies=[organisation_names.get(code, code) for code in (item.agencies if item else [])],
            misinfo_risk=risk,
        )
        if entry.polarity == "neg" or (risk is not None and risk >= MISINFO_ATTENTION):
            entry.section = ATTENTION
            attention.append(entry)
        else:
            entry.section = entry.sector
            by_sector[entry.sector].append(entry)
    entries = list(attention)
    omitted: dict[str, int] = {}
    cap = settings.DIGEST_STORIES_PER_SECTOR
    for sector, sector_entries in sorted(by_sector.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        entries.extend(sector_entries[:cap])
        if len(sector_entries) > cap:
            omitted[sector] = len(sector_entries) - cap
    span = end - start
    current, previous = _counts(start, end), _counts(start - span, start)
    stats = {
        "stories": sum(current["polarity"].values()),
        "previous_stories": sum(previous["polarity"].values()),
        "polarity": _compare(current["polarity"], previous["polarity"]),
        "sector": _compare(current["sector"], previous["sector"]),
        "commune": [
            {**row, "name": unit_names.get(row["key"], row["key"])}
            for row in _compare(current["commune"], previous["commune"])[:15]
        ],
        "omitted": omitted,
        "daily": _daily_polarity(start, end) if period == "week" else [],
    }
    return DigestData(period=period, day=day, start=start, end=end, entries=entries, stats=stats)


def _daily_polarity(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Stories per local day and polarity over the week (the weekly digest's chart)."""
    first, last = timezone.localtime(start).date(), timezone.localtime(end - timedelta(microseconds=1)).date()
    days: dict[date, Counter[str]] = {first + timedelta(days=n): Counter() for n in range((last - first).days + 1)}
    rows = _stories_in(start, end).values_list("first_published_at", "last_seen_at", "first_item__polarity")
    for published, seen, polarity in rows.iterator(chunk_size=5000):
        local = timezone.localtime(published or seen).date()
        if local in days:
            days[local][polarity or "neu"] += 1
    return [
        {"day": day.isoformat(), **{key: counts[key] for key in ("neg", "neu", "pos")}} for day, counts in days.items()
    ]
