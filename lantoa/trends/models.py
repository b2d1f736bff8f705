"""Daily counts of closed days, so that the dashboard and the trends pages do not re-count months of items on every
page view (bench/trends.py: 12 weeks by day over 105,000 items took 0.8–1.2 s on SQLite from the items).

One row per local day × dimension × key, for the unfiltered province-wide view (the filtered views — one commune,
one sector — read far fewer items and stay live). Today is always counted live; past days are refreshed by a
periodic task (``refresh_daily_counts``) for the days that received items since its last run and for the last
week (labels are corrected and models relabel recent items).
"""

from __future__ import annotations

from django.db import models


class DailyCount(models.Model):
    day = models.DateField()
    # "all", "polarity", "sector", "commune", "outlet" (series.DIMENSIONS plus the unsplit total).
    dimension = models.CharField(max_length=10)
    key = models.CharField(max_length=200, blank=True)
    items = models.PositiveIntegerField(default=0)
    stories = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "dimension", "key"], name="trends_dailycount_unique")]
        indexes = [models.Index(fields=["dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key}: {self.items}"


class RefreshMark(models.Model):
    """The id of the last item the refresh has seen: items above it name the days to recount."""

    name = models.CharField(max_length=40, unique=True)
    last_item_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_item_id}"
