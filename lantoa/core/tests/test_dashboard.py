"""The home page's coverage panels: today's counts, negative stories, spikes, charts; filters; who sees what."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.monitoring.models import Story
from lantoa.org.models import AdministrativeUnit
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.trends.tests.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit() -> AdministrativeUnit:
    found = AdministrativeUnit.objects.order_by("code").first()
    assert found is not None
    return found


@pytest.fixture
def coverage(unit: AdministrativeUnit) -> None:
    now = timezone.now()
    story = Story.objects.create(title=f"Sạt lở {HOSTILE}", relevant=True, outlet_count=4, item_count=4)
    quiet = Story.objects.create(title="Tin tiêu cực ít báo đăng", relevant=True, outlet_count=1, item_count=1)
    for n in range(4):
        make_item(now - timedelta(minutes=n + 1), polarity="neg", story=story, sector="health",
                  units=(unit.code_display,), title=f"Sạt lở {HOSTILE}")  # fmt: skip
    make_item(now - timedelta(minutes=3), polarity="neg", story=quiet, sector="economy")
    make_item(now - timedelta(minutes=2), polarity="pos", sector="economy")
    make_item(now - timedelta(minutes=2), relevant=False)
    for day in range(1, 30):
        make_item(now - timedelta(days=day), sector="economy")


def test_the_dashboard_shows_coverage_with_bounded_queries(
    coverage: None, press_officer: User, django_assert_max_num_queries: object
) -> None:
    client = client_for(press_officer)
    with django_assert_max_num_queries(37):  # type: ignore[operator]
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    data = response.context["coverage"]
    today = data["today"]
    if timezone.localtime().time() > time(0, 10):  # the items of the last minutes are today's
        assert today == {"items": 7, "relevant": 6, "neg": 5, "neu": 0, "pos": 1}
    assert [story.title for story in data["negative_stories"]][:2] == [f"Sạt lở {HOSTILE}", "Tin tiêu cực ít báo đăng"]
    assert len(data["outlook"].forecast.mean) == 7
    body = response.content.decode()
    assert not unescaped(body) and "Sạt lở &lt;script&gt;" in body
    for chart in ("chart-forecast", "chart-polarity", "chart-hourly"):
        assert f'id="{chart}"' in body
    assert "chart-4.6.1.umd.min.js" in body and "dashboard.js" in body
    assert "Tin tiêu cực cần chú ý" in body and "Điểm tin báo chí" in body


def test_the_dashboard_filters_by_commune_and_sector(coverage: None, leader: User, unit: AdministrativeUnit) -> None:
    client = client_for(leader)
    by_commune = client.get(reverse("dashboard"), {"dia_ban": unit.code_display}).context["coverage"]
    assert [story.title for story in by_commune["negative_stories"]] == [f"Sạt lở {HOSTILE}"]
    assert sum(by_commune["charts"]["hourly"]["datasets"][0]["data"]) == 4
    by_sector = client.get(reverse("dashboard"), {"linh_vuc": "economy"}).context["coverage"]
    assert [story.title for story in by_sector["negative_stories"]] == ["Tin tiêu cực ít báo đăng"]
    assert sum(by_sector["outlook"].values) == 29  # the past days; today is not in the history
    both = client.get(reverse("dashboard"), {"dia_ban": unit.code_display, "linh_vuc": "economy"})
    assert both.context["coverage"]["negative_stories"] == []
    page = both.content.decode()
    assert f'value="{unit.code_display}" selected' in page and 'value="economy" selected' in page


@pytest.mark.parametrize("persona", ["admin_user", "agency_officer", "spokesperson_user", "leader"])
def test_every_role_sees_the_coverage(coverage: None, persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("dashboard"))
    assert response.context["coverage"]["negative_stories"]


def test_an_outsider_sees_no_data(coverage: None, outsider: User) -> None:
    response = client_for(outsider).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "coverage" not in response.context
    body = response.content.decode()
    assert "Sạt lở" not in body and "chart-forecast" not in body and "chart-4.6.1" not in body
    assert "chưa được giao vai trò" in body


def test_the_dashboard_without_items_still_renders(press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Không có đột biến." in response.content.decode()


def test_the_coverage_panels_are_shared_for_a_minute_per_filter_and_language(
    coverage: None, press_officer: User, leader: User, unit: AdministrativeUnit, settings: object
) -> None:
    """DASHBOARD_CACHE_SECONDS (doc/scaling.md): a second reader within the minute gets the same figures without
    the queries; another filter or language is computed on its own; 0 turns the sharing off."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client_for(press_officer).get(reverse("dashboard")).context["coverage"]["today"]
    make_item(timezone.now() - timedelta(minutes=1), polarity="neg")
    with CaptureQueriesContext(connection) as shared:
        again = client_for(leader).get(reverse("dashboard"))
    assert again.context["coverage"]["today"] == first  # the new item shows after the minute
    assert not any("monitoring_item" in query["sql"] for query in shared.captured_queries)
    filtered = client_for(leader).get(reverse("dashboard"), {"dia_ban": unit.code_display})
    assert filtered.context["coverage"]["today"]["items"] == 4  # computed for the commune, not the province's
    in_english = client_for(leader)
    in_english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert str(in_english.get(reverse("dashboard")).context["coverage"]["outlook"].label) == "Relevant items per day"

    settings.DASHBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    fresh = client_for(leader).get(reverse("dashboard")).context["coverage"]["today"]
    assert fresh["items"] == first["items"] + 1 and fresh["neg"] == first["neg"] + 1
