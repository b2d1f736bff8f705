"""Monitoring tasks: every minute, poll the sources that are due (each in its own task)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.monitoring.models import Source, SourceKind


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
