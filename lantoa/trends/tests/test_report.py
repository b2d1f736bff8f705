"""Spikes found in stored items (rolling windows, terms, stories) and none in a steady stream."""

from datetime import timedelta

import pytest

from lantoa.monitoring.models import Story
from lantoa.trends.report import find_spikes, negative_stories, window_counts
from lantoa.trends.series import Filters
from lantoa.trends.tests.helpers import local, make_item

pytestmark = pytest.mark.django_db
NOW = local(2026, 3, 20, 15, 30)


def steady(days: int = 15, per_day: int = 4) -> None:
    for day in range(1, days + 1):
        for n in range(per_day):
            moment = NOW - timedelta(days=day) + timedelta(hours=3 * n + 1)
            make_item(moment, title=f"Hội nghị kinh tế quý {n} của tỉnh Thái Nguyên", sector="economy")


def test_a_burst_is_a_spike_named_by_its_terms_and_stories() -> None:
    steady()
    story = Story.objects.create(title="Ngập lụt ở Phú Bình", outlet_count=5, relevant=True)
    titles = ["Ngập lụt nghiêm trọng ở Phú Bình", "Phú Bình: nước lên nhanh, ngập lụt nhiều xóm",
              "Cứu hộ ngập lụt tại Phú Bình trong đêm", "Ngập lụt ở Phú Bình, hàng trăm hộ phải sơ tán"]  # fmt: skip
    for n in range(12):
        make_item(NOW - timedelta(minutes=5 * n + 1), title=f"{titles[n % 4]} (bản {n})",
                  polarity="neg", sector="agriculture-environment", story=story)  # fmt: skip
    spikes = find_spikes(Filters(), NOW)
    found = {(spike.dimension, spike.key, spike.window) for spike in spikes}
    assert {(None, "all", "hour"), (None, "all", "day"), ("polarity", "neg", "day")} <= found
    assert ("sector", "economy", "day") not in found
    top = next(spike for spike in spikes if spike.key == "all" and spike.window == "day")
    assert top.score.current == 12 + 4  # the burst and the steady items of the last 24 hours
    terms = [term.term for term in top.terms]
    assert set(terms[:2]) == {"ngập lụt", "phú bình"}
    assert top.stories[0].id == story.pk and top.stories[0].items == 12
    assert negative_stories(Filters(), NOW) == [story]


def test_a_steady_stream_raises_no_alarm() -> None:
    steady(days=15, per_day=12)
    assert find_spikes(Filters(), NOW) == []


def test_windows_roll_with_the_clock() -> None:
    make_item(NOW - timedelta(minutes=59))
    make_item(NOW - timedelta(minutes=61))
    make_item(NOW - timedelta(hours=23, minutes=59))
    make_item(NOW - timedelta(hours=24, minutes=1))
    counts = window_counts(None, Filters(), NOW)["all"]
    assert counts["hour"][:2] == [1, 1]
    assert counts["day"][:2] == [3, 1]
    assert len(counts["hour"]) == 13 and len(counts["day"]) == 15
