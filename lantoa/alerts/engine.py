"""Evaluating rules: on the items stored since the checkpoint and on those read again for late commits (every
minute), on a week of items (the preview), and the negative-volume spikes. Matching is in Python with
``vntext.query`` on each item's text, folded once per item and shared by every rule; the cheap column filters run
first so most rules never look at the text."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from lantoa.alerts import spike
from lantoa.alerts.models import AlertRule, RuleKind, SpikeWindow, Toxicity
from lantoa.monitoring.models import Item, ItemPlace, ItemStatus
from lantoa.vntext.query import Document, Query, QueryError, parse

logger = logging.getLogger(__name__)

EVALUATED_STATUSES = (ItemStatus.STORED, ItemStatus.DUPLICATE, ItemStatus.IRRELEVANT)
ITEM_FIELDS = (
    "id", "title", "lead", "body", "story_id", "story__outlet_count", "story__title", "outlet_id", "outlet_name",
    "relevant", "polarity", "sector", "toxicity", "misinfo_risk", "published_at", "ingested_at", "url",
)  # fmt: skip
WINDOWS = {SpikeWindow.HOUR: timedelta(hours=1), SpikeWindow.DAY: timedelta(days=1)}


@dataclass
class CompiledRule:
    rule: AlertRule
    query: Query | None

    @classmethod
    def of(cls, rule: AlertRule) -> CompiledRule | None:
        """None for a rule whose stored text no longer parses (the form refuses it; an old row may remain)."""
        if not rule.query.strip():
            return cls(rule, None)
        try:
            return cls(rule, parse(rule.query))
        except QueryError as exc:
            logger.warning("alert rule %s skipped: %s", rule.pk, exc.message)
            return None


def compile_rules(rules: Iterable[AlertRule]) -> list[CompiledRule]:
    return [compiled for rule in rules if (compiled := CompiledRule.of(rule)) is not None]


def passes_filters(rule: AlertRule, item: Item, units: set[str]) -> bool:
    """The column filters of a rule; the text query is checked separately (it costs more)."""
    if rule.relevant_only and not item.relevant:
        return False
    if rule.unit_code and rule.unit_code not in units:
        return False
    if rule.sector and item.sector != rule.sector:
        return False
    if rule.polarity and item.polarity != rule.polarity:
        return False
    if rule.toxicity == Toxicity.HATE and item.toxicity != "hate":
        return False
    if rule.toxicity == Toxicity.TOXIC and item.toxicity not in {"offensive", "hate"}:
        return False
    if rule.misinfo_min is not None and (item.misinfo_risk is None or item.misinfo_risk < rule.misinfo_min):
        return False
    if rule.outlet_id is not None and item.outlet_id != rule.outlet_id:
        return False
    outlets = item.story.outlet_count if item.story is not None else 0
    return outlets >= rule.min_outlets


def document_of(item: Item) -> Document:
    return Document((item.title, item.lead, item.body))


@dataclass
class Evaluation:
    """What one pass found: (rule, item) for the first matching item of each story, rule by rule."""

    matches: list[tuple[AlertRule, Item]] = field(default_factory=list)
    items: int = 0
    documents: int = 0


def unit_codes(item_ids: Sequence[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    rows = ItemPlace.objects.filter(item_id__in=item_ids).exclude(unit_code="").values_list("item_id", "unit_code")
    for item_id, code in rows:
        found[item_id].add(code)
    return found


def evaluate(rules: Sequence[CompiledRule], items: Sequence[Item]) -> Evaluation:
    result = Evaluation(items=len(items))
    item_rules = [compiled for compiled in rules if compiled.rule.kind == RuleKind.ITEMS]
    units = unit_codes([item.pk for item in items]) if any(c.rule.unit_code for c in item_rules) else {}
    seen: set[tuple[int, int]] = set()  # (rule, story): the first matching copy in this pass is enough
    for item in items:
        document: Document | None = None
        for compiled in item_rules:
            rule = compiled.rule
            if item.story_id is None or (rule.pk, item.story_id) in seen:
                continue
            if not passes_filters(rule, item, units.get(item.pk, set())):
                continue
            if compiled.query is not None:
                if document is None:
                    document = document_of(item)
                    result.documents += 1
                if not compiled.query.matches(document):
                    continue
            seen.add((rule.pk, item.story_id))
            result.matches.append((rule, item))
    return result


def items_after(last_id: int) -> QuerySet[Item]:
    return (
        Item.objects.filter(id__gt=last_id, status__in=EVALUATED_STATUSES, story__isnull=False)
        .select_related("story")
        .only(*ITEM_FIELDS)
        .order_by("id")
    )


def ids_stored_since(ingested_since: datetime, through_id: int) -> list[int]:
    """Ids at or below ``through_id`` of the items stored since ``ingested_since``, ascending: the look-back for late
    commits (see ``services.do_run_tick``). Ordered by ingested_at in SQL so that SQLite walks the index on it (a
    few minutes of items) instead of the status index over every id below the checkpoint."""
    rows = Item.objects.filter(ingested_at__gte=ingested_since, id__lte=through_id).order_by("ingested_at")
    return sorted(rows.values_list("id", flat=True))


def items_with_ids(ids: Sequence[int]) -> QuerySet[Item]:
    return (
        Item.objects.filter(id__in=ids, status__in=EVALUATED_STATUSES, story__isnull=False)
        .select_related("story")
        .only(*ITEM_FIELDS)
        .order_by("id")
    )


def preview_items(rule: AlertRule, days: int = 7, limit: int = 5000) -> QuerySet[Item]:
    """The last week's items a rule could match, narrowed in SQL by its column filters (the text is Python's)."""
    since = timezone.now() - timedelta(days=days)
    items = Item.objects.filter(status__in=EVALUATED_STATUSES, story__isnull=False)
    items = items.annotate(moment=Coalesce("published_at", "ingested_at")).filter(moment__gte=since)
    if rule.relevant_only:
        items = items.filter(relevant=True)
    for name in ("sector", "polarity"):
        if getattr(rule, name):
            items = items.filter(**{name: getattr(rule, name)})
    if rule.outlet_id is not None:
        items = items.filter(outlet_id=rule.outlet_id)
    if rule.unit_code:
        items = items.filter(places__unit_code=rule.unit_code).distinct()
    if rule.min_outlets > 1:
        items = items.filter(story__outlet_count__gte=rule.min_outlets)
    return items.select_related("story").only(*ITEM_FIELDS).order_by("-moment", "-id")[:limit]


def negative_times(rule: AlertRule, since: datetime) -> list[datetime]:
    """When each negative item of the rule's commune/sector appeared (published, else stored) since ``since``."""
    items = Item.objects.filter(polarity="neg", status__in=EVALUATED_STATUSES)
    if rule.relevant_only:
        items = items.filter(relevant=True)
    if rule.sector:
        items = items.filter(sector=rule.sector)
    if rule.unit_code:
        items = items.filter(Q(places__unit_code=rule.unit_code)).distinct()
    moments = items.annotate(moment=Coalesce("published_at", "ingested_at")).filter(moment__gte=since)
    return list(moments.values_list("moment", flat=True))


def spike_period(rule: AlertRule, now: datetime) -> str:
    """The calendar window a spike alert belongs to (local time): at most one alert per rule per window."""
    local = timezone.localtime(now)
    return local.strftime("%Y-%m-%dT%H") if rule.spike_window == SpikeWindow.HOUR else local.strftime("%Y-%m-%d")


def check_spike(rule: AlertRule, now: datetime) -> spike.Spike:
    window = WINDOWS[SpikeWindow(rule.spike_window)]
    since = now - window - timedelta(days=spike.HISTORY_DAYS)
    return spike.detect(negative_times(rule, since), now, window, rule.spike_threshold, rule.spike_min_count)
