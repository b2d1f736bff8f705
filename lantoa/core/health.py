"""What /healthz reports: the database, the queue and the workers."""

from __future__ import annotations

import time

from django.db import connection
from huey.contrib.djhuey import HUEY

from lantoa.core.heartbeat import worker_status


def database_status() -> dict[str, object]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"status": "error", "error": type(exc).__name__, "vendor": connection.vendor}
    return {"status": "ok", "vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}


def queue_status() -> dict[str, object]:
    try:
        pending = HUEY.pending_count()
        scheduled = HUEY.scheduled_count()
    except Exception as exc:  # noqa: BLE001
        return {"status": "error", "error": type(exc).__name__, "backend": type(HUEY).__name__}
    return {"status": "ok", "backend": type(HUEY).__name__, "pending": pending, "scheduled": scheduled}


def health() -> tuple[bool, dict[str, object]]:
    """(healthy, report). Healthy means the web process can serve: database and queue answer. A missing worker
    is reported but does not fail the check, so a load balancer keeps serving pages while the worker restarts."""
    database = database_status()
    queue = queue_status()
    worker = worker_status() if database["status"] == "ok" else {"status": "unknown"}
    healthy = database["status"] == "ok" and queue["status"] == "ok"
    overall = "ok" if healthy and worker["status"] == "ok" else ("degraded" if healthy else "error")
    return healthy, {"status": overall, "database": database, "queue": queue, "worker": worker}
