"""The daily-counts table answers closed days exactly as counting the items would; late items are picked up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from lantoa.monitoring.models import Story
from lantoa.trends import counts, series
from lantoa.trends.models import DailyCount
from lantoa.trends.series import Filters
from lantoa.trends.tests.helpers import local, make_item

pytestmark = pytest.mark.django_db
NOW = local(2026, 3, 10, 15)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def test_the_table_gives_the_same_series_as_the_items(frozen: datetime) -> None:
    story = Story.objects.create(title="Một sự kiện")
    make_item(local(2026, 3, 1, 23, 30), polarity="neg", story=story, units=("05908",))
    make_item(local(2026, 3, 2, 0, 30), polarity="neg", story=story, units=("05908", "05917"))
    make_item(local(2026, 3, 5, 9), polarity="pos", sector="health", outlet_name="Báo A")
    make_item(local(2026, 3, 10, 9), polarity="pos")  # today: always live
    live = {dim: series.daily(dim, date(2026, 2, 25), date(2026, 3, 10), Filters()) for dim in counts.DIMENSIONS}
    assert counts.covered_until() is None
    assert counts.refresh() > 0
    assert counts.covered_until() == date(2026, 3, 9)
    for dimension, expected in live.items():
        stored = series.daily(dimension, date(2026, 2, 25), date(2026, 3, 10), Filters())
        assert (stored.items, stored.stories) == (expected.items, expected.stories), dimension
    assert DailyCount.objects.filter(day=date(2026, 3, 10)).exists()  # today's row exists but is not read


def test_a_late_item_for_a_past_day_is_counted_at_the_next_refresh(frozen: datetime) -> None:
    make_item(local(2026, 1, 15, 9))
    counts.refresh()
    before = series.daily(None, date(2026, 1, 15), date(2026, 1, 15), Filters()).items["all"]
    make_item(local(2026, 1, 15, 10))  # published in January, stored now
    assert series.daily(None, date(2026, 1, 15), date(2026, 1, 15), Filters()).items["all"] == before
    counts.refresh()
    assert series.daily(None, date(2026, 1, 15), date(2026, 1, 15), Filters()).items["all"] == [before[0] + 1]


def test_filtered_views_count_from_the_items(frozen: datetime) -> None:
    make_item(local(2026, 3, 5, 9), sector="health")
    counts.refresh()
    DailyCount.objects.update(items=999)  # a wrong table must not leak into a filtered view
    assert series.daily(None, date(2026, 3, 5), date(2026, 3, 5), Filters(sector="health")).items["all"] == [1]
    assert series.daily(None, date(2026, 3, 5), date(2026, 3, 5), Filters()).items["all"] == [999]
    assert date(2026, 3, 10) - timedelta(days=1) == counts.covered_until()
