"""Scheduled digests (daily at DIGEST_DAILY_AT, weekly on Mondays at DIGEST_WEEKLY_AT, local time) and mailing."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lantoa.digests import services
from lantoa.digests.models import Digest, DigestStatus, Period

logger = logging.getLogger(__name__)


def scheduled_digest(period: str) -> Digest | None:
    """Draft (and, with DIGEST_AUTO_ISSUE, issue) today's digest of ``period``; called by the periodic tasks."""
    today = timezone.localdate()
    digest = services.do_create_draft(None, period, today)
    if settings.DIGEST_AUTO_ISSUE and digest.status == DigestStatus.DRAFT:
        digest = services.do_issue(None, digest)
    logger.info("digest %s %s: %s, %d entries", period, today, digest.status, digest.entries.count())
    return digest


# huey reads crontabs in local time (HUEY["utc"] = False in settings; Django sets the process's TZ to TIME_ZONE),
# so 06:30 means 06:30 in Thái Nguyên.
@db_periodic_task(crontab(minute=str(settings.DIGEST_DAILY_AT[1]), hour=str(settings.DIGEST_DAILY_AT[0])))
def daily_digest() -> None:
    scheduled_digest(Period.DAY)


@db_periodic_task(
    crontab(minute=str(settings.DIGEST_WEEKLY_AT[1]), hour=str(settings.DIGEST_WEEKLY_AT[0]), day_of_week="1")
)
def weekly_digest() -> None:
    scheduled_digest(Period.WEEK)


@db_task(retries=3, retry_delay=300)
def send_digest(digest_id: int) -> None:
    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is not None:
        services.do_send(digest)
