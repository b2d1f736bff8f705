"""Background tasks of the core app: the worker's heartbeat."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from lantoa.core import heartbeat


@on_startup()
def beat_on_startup() -> None:
    # A worker is reported alive as soon as it starts, not only at the first full minute.
    from django.db import close_old_connections

    heartbeat.beat()
    close_old_connections()


@db_periodic_task(crontab(minute="*"))
def beat_every_minute() -> None:
    heartbeat.beat()


@db_periodic_task(crontab(minute="17", hour="3"))
def forget_old_workers() -> None:
    heartbeat.forget_old_workers()


@db_task()
def echo(value: str) -> str:
    """Round trip through the queue; used by the queue check of the tests."""
    return value


__all__ = ["HUEY", "beat_every_minute", "beat_on_startup", "echo", "forget_old_workers"]
