"""The storing stages: identity (skip what is already stored), story assignment (exact and near duplicates),
saving items, places, LSH buckets and the search index — one transaction per batch.

A batch is all or nothing: a worker killed in the middle leaves the previous batches stored and this one absent,
and running again stores it once (items are keyed by source and key).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from lantoa.monitoring import search
from lantoa.monitoring.analysis import Analysis, Record, item_labels
from lantoa.monitoring.models import Item, ItemStatus, Source, Story, StoryBucket
from lantoa.vntext.fingerprint import Fingerprint

# Estimated Jaccard similarity of word 4-shingles from which two items are copies of one story (doc/dedup.md).
SAME_STORY_SIMILARITY = 0.6
# SQLite allows 32,766 parameters in one statement; stay well below.
LOOKUP_CHUNK = 5000
# PostgreSQL advisory lock key (any constant bigint; "lantoa stories" in ASCII) serialising story assignment.
STORY_LOCK_KEY = 0x6C616E746F6173
T = TypeVar("T")


@dataclass
class BatchCounts:
    """What storing did: new items, of which copies joining a story, new stories, relevant items; and the records
    skipped because their key was already stored."""

    new: int = 0
    duplicates: int = 0
    stories: int = 0
    relevant: int = 0
    skipped: int = 0

    def add(self, other: BatchCounts) -> None:
        for name in ("new", "duplicates", "stories", "relevant", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def chunks(values: Sequence[T], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def existing_keys(source: Source, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(keys):
        found.update(Item.objects.filter(source=source, key__in=part).values_list("key", flat=True))
    return found


@dataclass
class _Candidate:
    story_id: int
    fingerprint: Fingerprint | None


class StoryMatcher:
    """Finds the story an analysed item belongs to: the same text (content hash) or a near copy (LSH candidates
    whose estimated similarity reaches SAME_STORY_SIMILARITY). Looks in the database and in the batch at hand."""

    def __init__(self, analyses: Sequence[Analysis]) -> None:
        hashes = sorted({a.content_hash for a in analyses})
        self.by_hash: dict[str, int] = {}
        for part in chunks(hashes):
            for content, story_id in Item.objects.filter(content_hash__in=part, story__isnull=False).values_list(
                "content_hash", "story_id"
            ):
                self.by_hash.setdefault(content, story_id)
        buckets = sorted({key for a in analyses if a.fingerprint for key in a.fingerprint.band_keys()})
        self.by_bucket: dict[int, list[int]] = defaultdict(list)
        item_ids: set[int] = set()
        for bucket_part in chunks(buckets):
            for bucket, item_id in StoryBucket.objects.filter(bucket__in=bucket_part).values_list("bucket", "item_id"):
                self.by_bucket[bucket].append(item_id)
                item_ids.add(item_id)
        self.candidates: dict[int, _Candidate] = {}
        for id_part in chunks(sorted(item_ids)):
            for item_id, story_id, data in Item.objects.filter(id__in=id_part).values_list(
                "id", "story_id", "fingerprint"
            ):
                if story_id is not None:
                    fp = Fingerprint.from_bytes(bytes(data)) if data else None
                    self.candidates[item_id] = _Candidate(story_id, fp)
        self._next_local = -1

    def match(self, analysis: Analysis) -> int | None:
        story_id = self.by_hash.get(analysis.content_hash)
        if story_id is not None or analysis.fingerprint is None:
            return story_id
        best, best_similarity = None, SAME_STORY_SIMILARITY
        for bucket in analysis.fingerprint.band_keys():
            for item_id in self.by_bucket.get(bucket, ()):
                candidate = self.candidates[item_id]
                if candidate.fingerprint is None:
                    continue
                similarity = analysis.fingerprint.similarity(candidate.fingerprint)
                if similarity >= best_similarity:
                    best, best_similarity = candidate.story_id, similarity
        return best

    def remember(self, item_id: int, story_id: int, analysis: Analysis) -> None:
        """Make an item of this batch findable by the next ones."""
        self.by_hash.setdefault(analysis.content_hash, story_id)
        if analysis.fingerprint is not None:
            self.candidates[item_id] = _Candidate(story_id, analysis.fingerprint)
            for bucket in analysis.fingerprint.band_keys():
                self.by_bucket[bucket].append(item_id)


def outlet_lookup() -> dict[str, int]:
    """Outlet ids by folded name, code and domain: exports name the outlet in many ways."""
    from lantoa.org.models import Outlet
    from lantoa.vntext.normalize import fold

    lookup: dict[str, int] = {}
    for outlet_id, name, code, domain in Outlet.objects.values_list("id", "name", "code", "domain"):
        for key in (name, code, domain):
            if key:
                lookup[fold(key)] = outlet_id
    return lookup


def lock_story_assignment() -> None:
    """Wait until no other transaction is assigning stories; held until this transaction ends.

    Two workers storing copies of one story at once would each look for it, each find nothing (neither sees the
    other's uncommitted rows) and each create a story. Under READ COMMITTED only a lock prevents that. One lock
    for the whole batch is what a 1,000-item batch would take anyway (its ~17,000 hash and band keys touch every
    stripe of any striping), and it also makes a key stored by a concurrent worker visible to ``existing_keys``.
    The analysis, the costly part, runs outside it (doc/scaling.md measures what the lock costs).
    SQLite needs nothing: IMMEDIATE transactions already take the database's write lock at BEGIN.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORY_LOCK_KEY])


@transaction.atomic
def store_batch(
    source: Source, pairs: Sequence[tuple[Record, Analysis]], outlets: dict[str, int] | None = None
) -> BatchCounts:
    """Store analysed records of one source. Records whose key is already stored are skipped."""
    from lantoa.vntext.normalize import fold

    counts = BatchCounts()
    lock_story_assignment()
    known = existing_keys(source, [record.key for record, _ in pairs])
    fresh: list[tuple[Record, Analysis]] = []
    seen_keys: set[str] = set()
    for record, analysis in pairs:
        if record.key in known or record.key in seen_keys:
            counts.skipped += 1
            continue
        seen_keys.add(record.key)
        fresh.append((record, analysis))
    if not fresh:
        return counts

    outlets = outlets if outlets is not None else {}
    source_label = source.outlet.name if source.outlet_id and source.outlet else source.name
    matcher = StoryMatcher([analysis for _, analysis in fresh])
    now = timezone.now()
    items: list[Item] = []
    # New stories get placeholder ids (-1, -2, …) until they are inserted; later records of the batch may join them.
    new_stories: list[Story] = []
    grown: set[int] = set()
    for record, analysis in fresh:
        story_id = matcher.match(analysis)
        item = Item(
            source=source,
            key=record.key,
            url=record.url[:2000],
            outlet_id=outlets.get(fold(record.outlet_name)) if record.outlet_name else source.outlet_id,
            # The outlet's name, or the source's: stories count copies by distinct outlet name.
            outlet_name=(record.outlet_name or source_label)[:200],
            kind=record.kind,
            title=analysis.title,
            lead=analysis.lead,
            body=analysis.body,
            html=record.html,
            author=record.author[:300],
            original=analysis.original,
            encoding=analysis.encoding,
            published_at=record.published,
            published_source="source" if record.published else "",
            ingested_at=now,
            content_hash=analysis.content_hash,
            fingerprint=analysis.fingerprint.to_bytes() if analysis.fingerprint else None,
            relevant=analysis.relevant,
            place_score=analysis.place_score,
            **item_labels(analysis.labels),
            model_versions=analysis.models,
            stage="stored",
        )
        if story_id is None:
            new_stories.append(
                Story(title=(analysis.title or record.url)[:500], relevant=analysis.relevant, last_seen_at=now,
                      first_published_at=record.published, item_count=1, outlet_count=1)
            )  # fmt: skip
            story_id = -len(new_stories)
            item.status = ItemStatus.STORED if analysis.relevant else ItemStatus.IRRELEVANT
        else:
            item.status = ItemStatus.DUPLICATE
            grown.add(story_id)
        item.story_id = story_id
        # Later records of this batch must find this one too; its id is not known before the insert.
        matcher.remember(-len(items) - 1, story_id, analysis)
        items.append(item)

    Story.objects.bulk_create(new_stories, batch_size=500)
    real = {-(index + 1): story.pk for index, story in enumerate(new_stories)}
    for item in items:
        if item.story_id is not None and item.story_id < 0:
            item.story_id = real[item.story_id]
    grown = {real.get(story_id, story_id) for story_id in grown}
    Item.objects.bulk_create(items, batch_size=500)
    if items[0].pk is None:
        raise RuntimeError("bulk_create did not return primary keys")

    # Plain executemany for the many small rows: the ORM's per-object work would dominate the batch.
    first_items: dict[int, int] = {}
    places: list[tuple[int, str, str, str, str]] = []
    buckets: list[tuple[int, int, int]] = []
    for item, (_, analysis) in zip(items, fresh, strict=True):
        assert item.story_id is not None  # noqa: S101 - set above
        first_items.setdefault(item.story_id, item.pk)
        for place in analysis.places:
            units = [""] if place["kind"] in {"province", "former_province"} else (place.get("units") or [""])
            for unit in units:
                places.append((item.pk, str(unit), str(place["kind"]), str(place["code"]), str(place["name"])[:120]))
        if analysis.fingerprint is not None:
            buckets.extend((key, item.pk, item.story_id) for key in analysis.fingerprint.band_keys())
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE monitoring_story SET first_item_id = %s WHERE id = %s AND first_item_id IS NULL",
            [(item_id, story_id) for story_id, item_id in first_items.items()],
        )
        cursor.executemany(
            "INSERT INTO monitoring_itemplace (item_id, unit_code, mention_kind, mention_code, mention_name) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            places,
        )
        cursor.executemany(
            "INSERT INTO monitoring_storybucket (bucket, item_id, story_id) VALUES (%s, %s, %s)", buckets
        )
    search.index_items(items, [analysis.folded for _, analysis in fresh])
    refresh_stories(grown)

    counts.new = len(items)
    counts.stories = len(new_stories)
    counts.duplicates = sum(1 for item in items if item.status == ItemStatus.DUPLICATE)
    counts.relevant = sum(1 for item in items if item.relevant)
    return counts


REFRESH_STORY_SQL = """
UPDATE monitoring_story SET item_count = %s, outlet_count = %s, first_published_at = %s, first_item_id = %s,
  relevant = %s, last_seen_at = %s
WHERE id = %s
"""


def refresh_stories(story_ids: set[int]) -> None:
    """Recount copies and outlets, and find the first publisher, of stories that grew.

    The members are read once by the story index and summed up here. Per-story subqueries in SQL looked simpler,
    but PostgreSQL answers ``MIN(published_at) … WHERE story_id = %s`` by walking the whole published_at index
    until it meets one of the story's items: 58 ms per story at 80,000 items, seconds at a million, with the
    story lock held (doc/scaling.md).
    """
    if not story_ids:
        return
    members: dict[int, list[tuple[int, datetime | None, str, bool]]] = defaultdict(list)
    for part in chunks(sorted(story_ids)):
        rows = Item.objects.filter(story_id__in=part).values_list(
            "story_id", "id", "published_at", "outlet_name", "relevant"
        )
        for story_id, item_id, published, outlet, relevant in rows:
            members[story_id].append((item_id, published, outlet, relevant))
    adapt = connection.ops.adapt_datetimefield_value  # raw SQL: the backend's storage form (UTC text on SQLite)
    now = adapt(timezone.now())
    updates = []
    for story_id, items in sorted(members.items()):
        first = min(items, key=lambda row: (row[1] is None, row[1] or timezone.now(), row[0]))
        dates = [published for _, published, _, _ in items if published is not None]
        outlets = {outlet for _, _, outlet, _ in items}
        relevant = any(row[3] for row in items)
        updates.append(
            (len(items), len(outlets), adapt(min(dates)) if dates else None, first[0], relevant, now, story_id)
        )
    with connection.cursor() as cursor:
        cursor.executemany(REFRESH_STORY_SQL, updates)
