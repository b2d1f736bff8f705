"""Bulk ingest of a file (``lantoa ingest``): read → analyse in worker processes → store in batches.

The CPU stages run in a process pool, a bounded number of batches ahead of the storing, so memory stays flat
whatever the file size; storing happens in this process, one transaction per batch (see store.py). Records whose
key the source already has are skipped before any analysis: a second run over the same file costs little more
than reading it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from django.db import IntegrityError, transaction

from lantoa.monitoring.analysis import Analysis, Record, analyse
from lantoa.monitoring.models import Item, Quarantine, Source, SourceKind
from lantoa.monitoring.sources.base import Discovered
from lantoa.monitoring.store import BatchCounts, outlet_lookup, store_batch
from lantoa.vntext.places import Gazetteer, GazetteerEntry

BATCH_SIZE = 1000


def record_key(item: Discovered) -> str:
    if item.external_id:
        return f"id:{item.external_id}"[:300]
    if item.url:
        return f"url:{item.url}"[:300]
    digest = hashlib.blake2b(f"{item.title}\n{item.lead}\n{item.text}".encode(), digest_size=16).hexdigest()
    return f"text:{digest}"


def record_from(item: Discovered) -> Record:
    return Record(
        key=record_key(item),
        title=item.title,
        lead=item.lead,
        body=item.text,
        url=item.url or "",
        author=item.author,
        published=item.published,
        outlet_name=item.extra.get("source", ""),
        kind=item.kind if item.kind in {"article", "post", "comment"} else "article",
        external_id=item.external_id or "",
    )


# --- the worker processes ---------------------------------------------------------------------------------------
_GAZETTEER: Gazetteer | None = None


def _init_worker(entries: list[GazetteerEntry], other_provinces: list[str]) -> None:
    global _GAZETTEER
    _GAZETTEER = Gazetteer(entries, other_provinces)


def _analyse_batch(records: list[Record]) -> list[Analysis]:
    assert _GAZETTEER is not None  # noqa: S101 - set by the pool initializer
    return [analyse(record, _GAZETTEER) for record in records]


class _Analysed:
    """A batch analysed already, looking like the pool's AsyncResult."""

    def __init__(self, analyses: list[Analysis]) -> None:
        self.analyses = analyses

    def get(self, timeout: float | None = None) -> list[Analysis]:
        return self.analyses


class _InProcess:
    """``workers=0``: analyse in this process, with the pool's interface. A huey worker ingesting a shard
    (tasks.ingest_file) is itself the unit of parallelism; a pool forked from its threads would not be."""

    def __init__(self, entries: list[GazetteerEntry], other_provinces: list[str]) -> None:
        _init_worker(entries, other_provinces)

    def apply_async(self, func: Callable[[list[Record]], list[Analysis]], args: tuple[list[Record]]) -> _Analysed:
        return _Analysed(func(*args))

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@dataclass
class IngestSummary(BatchCounts):
    """The summary line of `lantoa ingest`: the storing counts, plus lines read and quarantined, and the time."""

    read: int = 0
    quarantined: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "stories": self.stories,
            "relevant": self.relevant,
            "quarantined": self.quarantined,
            "seconds": round(self.seconds, 2),
        }


def file_source(path: Path) -> Source:
    source, _created = Source.objects.get_or_create(
        kind=SourceKind.FILE, url="", name=path.name, defaults={"poll_minutes": 0, "is_active": False}
    )
    return source


def quarantine_errors(source: Source, errors: Sequence[tuple[int, str, str]]) -> int:
    """Store unreadable lines (line number, reason, raw text); the same line again is not stored twice."""
    rows = [
        Quarantine(source=source, key=f"line:{line}", stage="read", reason=reason, payload=raw[:2000])
        for line, reason, raw in errors
    ]
    with transaction.atomic():
        Quarantine.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def ingest(
    items: Iterable[tuple[int, Discovered | None, str | None, str]],
    source: Source,
    gazetteer_data: tuple[list[GazetteerEntry], list[str]],
    *,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest ``items``: (line number, discovered item or None, error or None, raw line) for one source."""
    started = time.monotonic()
    summary = IngestSummary()
    known = set(Item.objects.filter(source=source).values_list("key", flat=True))
    outlets = outlet_lookup()
    workers = max(1, (os.cpu_count() or 2)) if workers is None else workers
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pending: deque[tuple[list[Record], AsyncResult[list[Analysis]] | _Analysed]] = deque()

    def drain(pool: Pool | _InProcess, limit: int) -> None:
        while len(pending) > limit:
            records, result = pending.popleft()
            analyses = result.get()
            try:
                counts = store_batch(source, list(zip(records, analyses, strict=True)), outlets)
            except IntegrityError:
                # Another process stored some of these meanwhile: store one by one, skipping the known.
                counts = BatchCounts()
                for pair in zip(records, analyses, strict=True):
                    counts.add(store_batch(source, [pair], outlets))
            summary.add(counts)
            if progress:
                summary.seconds = time.monotonic() - started
                progress(summary)

    pool_or_not = (
        context.Pool(workers, initializer=_init_worker, initargs=gazetteer_data)
        if workers
        else _InProcess(*gazetteer_data)
    )
    with pool_or_not as pool:
        batch: list[Record] = []
        errors: list[tuple[int, str, str]] = []
        for line, item, error, raw in items:
            summary.read += 1
            if item is None:
                errors.append((line, error or "unreadable", raw))
                continue
            record = record_from(item)
            if record.key in known:
                continue
            known.add(record.key)
            batch.append(record)
            if len(batch) >= batch_size:
                pending.append((batch, pool.apply_async(_analyse_batch, (batch,))))
                batch = []
                drain(pool, workers * 2)
        if batch:
            pending.append((batch, pool.apply_async(_analyse_batch, (batch,))))
        drain(pool, 0)
        if errors:
            summary.quarantined += quarantine_errors(source, errors)
    summary.seconds = time.monotonic() - started
    return summary
