"""Signs of life of background workers, read by /healthz."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lantoa.core.models import WorkerHeartbeat

_STARTED_AT = timezone.now()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat() -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker_name(), defaults={"seen_at": timezone.now()}, create_defaults={
            "started_at": _STARTED_AT, "seen_at": timezone.now(),
        },
    )  # fmt: skip


def worker_status() -> dict[str, object]:
    """``ok`` when some worker beat within LANTOA_WORKER_STALE_SECONDS; ``stale`` or ``missing`` otherwise."""
    now = timezone.now()
    rows = list(WorkerHeartbeat.objects.order_by("-seen_at")[:50])
    if not rows:
        return {"status": "missing", "workers": 0}
    fresh = [row for row in rows if now - row.seen_at <= settings.WORKER_STALE_AFTER]
    return {
        "status": "ok" if fresh else "stale",
        "workers": len(fresh),
        "last_seen_seconds": int((now - rows[0].seen_at).total_seconds()),
    }


def forget_old_workers() -> int:
    """Drop rows of workers not seen for a day (restarted processes leave one row each)."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
