"""Keeping the daily-counts table current."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lantoa.trends import counts

logger = logging.getLogger(__name__)


# Every 10 minutes: a closed day's count is at most 10 minutes behind a late item for it; today is always live.
@db_periodic_task(crontab(minute="*/10"))
@lock_task("trends-refresh-daily-counts")
def refresh_daily_counts() -> None:
    written = counts.refresh()
    logger.info("daily counts: %d rows written", written)
