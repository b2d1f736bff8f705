"""Trends pages per persona: every role reads them, outsiders do not; hostile text escaped; bounded queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.monitoring.models import Story
from lantoa.org.models import AdministrativeUnit
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.trends.tests.helpers import make_item

pytestmark = pytest.mark.django_db
PAGES = ["trends:series", "trends:spikes", "trends:forecast"]


@pytest.fixture
def coverage() -> str:
    """Five weeks of items, then a burst with hostile text in the last hour; returns a commune code used."""
    unit = AdministrativeUnit.objects.order_by("code").first()
    assert unit is not None
    now = timezone.now()
    for day in range(1, 36):
        for n in range(3):
            make_item(now - timedelta(days=day, hours=n), outlet_name=f"Báo {n} {HOSTILE}", units=(unit.code_display,))
    story = Story.objects.create(title=f"Sự kiện {HOSTILE}", relevant=True, outlet_count=3)
    for n in range(15):
        make_item(now - timedelta(minutes=2 * n + 1), title=f"Sạt lở đất {HOSTILE} lần {n}", polarity="neg",
                  story=story, outlet_name=f"Báo {n % 3} {HOSTILE}")  # fmt: skip
    return unit.code_display


@pytest.mark.parametrize("page", PAGES)
def test_every_role_reads_the_trends(
    page: str, coverage: str, leader: User, spokesperson_user: User, django_assert_max_num_queries: object
) -> None:
    for user in (leader, spokesperson_user):
        client = client_for(user)
        with django_assert_max_num_queries(40):  # type: ignore[operator]
            response = client.get(reverse(page))
        assert response.status_code == 200
        body = response.content.decode()
        assert not unescaped(body) and "<script>alert" not in body
        assert "Xu hướng" in body


def test_the_series_page_splits_and_shares(coverage: str, press_officer: User) -> None:
    client = client_for(press_officer)
    response = client.get(reverse("trends:series"), {"theo": "outlet", "khoang": "14"})
    labels = [row["label"] for row in response.context["rows"]]
    assert f"Báo 0 {HOSTILE}" in labels
    assert response.context["days"] == 14
    assert sum(share.items for share in response.context["shares"]) == 3 * 13 + 15
    by_commune = client.get(reverse("trends:series"), {"theo": "commune"})
    assert [row["key"] for row in by_commune.context["rows"]] == [coverage]
    odd = client.get(reverse("trends:series"), {"theo": "<b>", "khoang": "x", "dia_ban": "abc"})
    assert odd.status_code == 200 and odd.context["dimension"] == "polarity"


def test_the_spikes_page_lists_the_burst(coverage: str, press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("trends:spikes"))
    spikes = response.context["spikes"]
    assert any(spike.key == "neg" and spike.window == "hour" for spike in spikes)
    body = response.content.decode()
    assert "sạt lở" in body and "Sự kiện &lt;script&gt;" in body


def test_the_forecast_page_shows_the_backtest(coverage: str, leader: User) -> None:
    response = client_for(leader).get(reverse("trends:forecast"), {"theo": "sector"})
    entries = response.context["entries"]
    assert entries[0]["outlook"].key == "all"
    assert len(entries[0]["outlook"].forecast.mean) == 7
    assert entries[0]["outlook"].backtest is not None
    body = response.content.decode()
    assert "Kiểm định lùi" in body and 'data-chart="forecast"' in body


@pytest.mark.parametrize("page", PAGES)
def test_outsiders_see_no_trends(page: str, outsider: User) -> None:
    assert client_for(outsider).get(reverse(page)).status_code == 403
    assert Client().get(reverse(page)).status_code == 302
