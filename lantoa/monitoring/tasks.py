"""Monitoring tasks: every minute, poll the sources that are due (each in its own task)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.api import Task
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.monitoring.models import Source, SourceKind

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def schedule_due_sources() -> int:
    if not settings.MONITORING_POLLING:
        return 0
    now = timezone.now()
    due = Source.objects.filter(is_active=True).exclude(kind=SourceKind.FILE)
    due = due.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
    queued = 0
    for source_id, minutes in due.values_list("id", "poll_minutes"):
        # Claim the source (push its next poll ahead) so that another scheduler tick does not queue it twice.
        claimed = (
            Source.objects.filter(pk=source_id)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .update(next_poll_at=now + timedelta(minutes=max(1, minutes)))
        )
        if claimed:
            try:
                poll_source(source_id)
            except Exception:
                # The queue cannot be reached (Redis down): give the claim back, so the source stays due.
                Source.objects.filter(pk=source_id).update(next_poll_at=now)
                raise
            queued += 1
    return queued


@db_task()
def poll_source(source_id: int) -> dict[str, object]:
    from lantoa.monitoring.polling import poll

    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return {"error": "no such source"}
    result = poll(source)
    return {
        "discovered": result.discovered,
        "new": result.counts.new,
        "skipped": result.skipped,
        "quarantined": result.quarantined,
        "error": result.error,
    }


# A database that goes away under a shard's ingest (a restart, a failover) stops it; what it stored stays, and the
# worker takes the shard again: every INGEST_RETRY_SECONDS, up to INGEST_RETRIES times (10 minutes of outage), the
# keys already stored skipped. Any other error (a missing or unreadable file) is final at once: retrying won't help.
INGEST_RETRIES = 60
INGEST_RETRY_SECONDS = 10


@db_task(retries=INGEST_RETRIES, retry_delay=INGEST_RETRY_SECONDS, context=True)
def ingest_file(path: str, batch_size: int | None = None, task: Task | None = None) -> dict[str, float | int]:
    """Ingest one JSON Lines / CSV file (a shard of a bulk load) on whichever worker takes the task.

    Scale-out loading (doc/scaling.md): split an export into shards, queue one task per shard, and every worker
    process on every machine takes shards. The analysis runs in this process (no pool of its own): one worker
    process is one process, and the number of workers is the parallelism. Re-queuing a shard is harmless: keys
    already stored are skipped; that is also how a shard resumes after the database was away (doc/faults.md).
    ``batch_size`` items are stored per transaction (default: the pipeline's).
    """
    try:
        return _ingest_shard(Path(path), batch_size)
    except (OperationalError, InterfaceError) as exc:
        left = task.retries if task is not None else 0
        logger.warning("Shard %s stopped by a database error (%s); %d retries left", path, exc, left)
        raise
    except Exception:
        if task is not None:
            task.retries = 0
        raise


def _ingest_shard(shard: Path, batch_size: int | None) -> dict[str, float | int]:
    from lantoa.monitoring.ingest import BATCH_SIZE, file_source, ingest
    from lantoa.monitoring.sources.file.plugin import read_records
    from lantoa.org.gazetteer import entries_from_registry, other_province_names

    items = ((record.line, record.item, record.error or None, "") for record in read_records(shard))
    gazetteer = (entries_from_registry(settings.PROVINCE_CODE), other_province_names(settings.PROVINCE_CODE))
    summary = ingest(items, file_source(shard), gazetteer, workers=0, batch_size=batch_size or BATCH_SIZE)
    return summary.as_dict()


RELABEL_DAYS = 7
RELABEL_BATCH = 500


@db_periodic_task(crontab(minute="*/10"))
def relabel_recent_items() -> int:
    """After a model update, bring the labels of the last week's items up to date, a batch at a time."""
    from lantoa.monitoring.models import Item
    from lantoa.monitoring.relabel import current_versions, relabel_items

    versions = current_versions()
    since = timezone.now() - timedelta(days=RELABEL_DAYS)
    recent = Item.objects.filter(ingested_at__gte=since).exclude(model_versions=versions).order_by("-ingested_at")
    return relabel_items(recent[:RELABEL_BATCH])
