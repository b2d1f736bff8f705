"""Scheduled work: close consultations at their deadline; mail subscribers.

Contacts past their retention period are erased by the personal-data registry's daily purge
(``lantoa.core.privacy.purge_personal_data``, 03:40), imported here so that the worker registers it."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.consultation import notify, services
from lantoa.core.privacy import purge_personal_data

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def close_expired_consultations() -> None:
    closed = services.close_expired()
    if closed:
        logger.info("consultation: %d closed at their deadline", closed)


@db_task(retries=3, retry_delay=300)
def notify_subscribers(consultation_id: int, phase: str) -> None:
    notify.send_phase_notice(consultation_id, phase)


__all__ = ["close_expired_consultations", "notify_subscribers", "purge_personal_data"]
