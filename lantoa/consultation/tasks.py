"""Scheduled work: close consultations at their deadline, erase contacts past retention; mail subscribers."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.consultation import comments, notify, services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def close_expired_consultations() -> None:
    closed = services.close_expired()
    if closed:
        logger.info("consultation: %d closed at their deadline", closed)


# Local time (HUEY["utc"] = False): at night, when nobody is commenting.
@db_periodic_task(crontab(minute="15", hour="2"))
def erase_expired_contacts() -> None:
    erased = comments.erase_expired_contacts()
    logger.info("consultation: %d contacts erased (retention)", erased)


@db_task(retries=3, retry_delay=300)
def notify_subscribers(consultation_id: int, phase: str) -> None:
    notify.send_phase_notice(consultation_id, phase)
