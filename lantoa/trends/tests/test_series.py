"""Counts per local day and hour on items we create: Asia/Ho_Chi_Minh boundaries, dimensions, filters, shares."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lantoa.monitoring.models import ItemStatus, Story
from lantoa.org.models import AdministrativeUnit, Outlet
from lantoa.trends.series import Filters, daily, hourly, share_of_voice, today_counts
from lantoa.trends.tests.helpers import local, make_item

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def test_days_are_local_days_at_midnight() -> None:
    # 23:59 local on the 4th is 16:59 UTC on the 4th; 00:00 local on the 5th is 17:00 UTC on the 4th.
    make_item(local(2026, 3, 4, 23, 59))
    make_item(local(2026, 3, 5, 0, 0))
    make_item(local(2026, 3, 5, 6, 59).astimezone(UTC))  # 23:59 UTC on the 4th: still the 5th here
    make_item(local(2026, 3, 6, 0, 0) - timedelta(microseconds=1))
    counts = daily(None, date(2026, 3, 3), date(2026, 3, 6), Filters())
    assert counts.periods == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 6)]
    assert counts.items["all"] == [0, 1, 3, 0]


def test_items_without_a_publication_time_count_when_collected() -> None:
    make_item(None, ingested_at=local(2026, 3, 5, 0, 30))
    assert daily(None, date(2026, 3, 4), date(2026, 3, 5), Filters()).items["all"] == [0, 1]


def test_only_relevant_stored_items_count() -> None:
    make_item(local(2026, 3, 5, 9))
    make_item(local(2026, 3, 5, 9), relevant=False)
    make_item(local(2026, 3, 5, 9), status=ItemStatus.QUARANTINED)
    make_item(local(2026, 3, 5, 9), status=ItemStatus.DUPLICATE)
    assert daily(None, date(2026, 3, 5), date(2026, 3, 5), Filters()).items["all"] == [2]


def test_counts_by_polarity_and_sector_with_stories() -> None:
    story = Story.objects.create(title="Một sự kiện")
    make_item(local(2026, 3, 5, 8), polarity="neg", story=story)
    make_item(local(2026, 3, 5, 9), polarity="neg", story=story)
    make_item(local(2026, 3, 6, 9), polarity="pos", sector="health")
    with translation.override("vi"):  # another test may leave a language active; labels are made here
        by_polarity = daily("polarity", date(2026, 3, 5), date(2026, 3, 6), Filters())
    assert by_polarity.items == {"neg": [2, 0], "pos": [0, 1]}
    assert by_polarity.stories["neg"] == [1, 0]  # two copies of one story
    assert by_polarity.labels == {"neg": "Tiêu cực", "pos": "Tích cực"}
    by_sector = daily("sector", date(2026, 3, 5), date(2026, 3, 6), Filters())
    assert by_sector.items == {"economy": [2, 0], "health": [0, 1]}
    assert by_sector.labels["health"] == "Y tế"


def test_counts_by_commune_count_an_item_once_and_skip_the_province() -> None:
    unit = AdministrativeUnit.objects.order_by("code").first()
    assert unit is not None
    code = unit.code_display
    make_item(local(2026, 3, 5, 8), units=(code, ""))
    item = make_item(local(2026, 3, 5, 9), units=(code,))
    item.places.create(unit_code=code, mention_kind="xa-cu", mention_code="1", mention_name="tên cũ")
    make_item(local(2026, 3, 5, 10), units=("",))
    counts = daily("commune", date(2026, 3, 5), date(2026, 3, 5), Filters())
    assert counts.items == {code: [2]}
    assert counts.labels[code] == unit.name


def test_counts_by_outlet_and_share_of_voice() -> None:
    outlet = Outlet.objects.order_by("id").first()
    assert outlet is not None
    for hour in range(3):
        make_item(local(2026, 3, 5, 8 + hour), outlet=outlet)
    make_item(local(2026, 3, 5, 9), outlet_name="Trang tin X")
    make_item(local(2026, 3, 5, 10), outlet_name="Trang tin X")
    make_item(local(2026, 3, 5, 9))
    counts = daily("outlet", date(2026, 3, 5), date(2026, 3, 5), Filters())
    assert counts.items == {outlet.name: [3], "Trang tin X": [2], "": [1]}
    assert counts.labels[""] == "Không rõ nguồn đăng"
    shares = share_of_voice(local(2026, 3, 5), local(2026, 3, 6), Filters(), limit=2)
    assert [(s.label, s.items, round(s.percent)) for s in shares] == [
        (outlet.name, 3, 50),
        ("Trang tin X", 2, 33),
        ("Các nguồn khác", 1, 17),
    ]


def test_filters_by_commune_and_sector() -> None:
    unit = AdministrativeUnit.objects.order_by("code").first()
    assert unit is not None
    make_item(local(2026, 3, 5, 8), units=(unit.code_display,), sector="health")
    make_item(local(2026, 3, 5, 9), units=(unit.code_display,), sector="economy")
    make_item(local(2026, 3, 5, 10), sector="health")
    day = date(2026, 3, 5)
    assert daily(None, day, day, Filters(commune=unit.code_display)).items["all"] == [2]
    assert daily(None, day, day, Filters(sector="health")).items["all"] == [2]
    assert daily(None, day, day, Filters(commune=unit.code_display, sector="health")).items["all"] == [1]
    assert Filters.from_params({"dia_ban": "<script>", "linh_vuc": "khong-co"}) == Filters()


def test_hours_are_local_and_the_current_hour_is_last() -> None:
    now = local(2026, 3, 5, 0, 20)
    make_item(local(2026, 3, 4, 23, 59))
    make_item(local(2026, 3, 5, 0, 0))
    make_item(local(2026, 3, 5, 0, 10))
    counts = hourly(None, 3, Filters(), now)
    assert [moment.hour for moment in counts.periods] == [22, 23, 0]
    assert counts.items["all"] == [0, 1, 2]


def test_today_counts_by_polarity() -> None:
    now = local(2026, 3, 5, 12)
    make_item(local(2026, 3, 5, 0, 1), polarity="neg")
    make_item(local(2026, 3, 5, 9), polarity="pos")
    make_item(local(2026, 3, 5, 10), polarity="neg", relevant=False)
    make_item(local(2026, 3, 4, 23, 59), polarity="neg")
    assert today_counts(Filters(), now) == {"items": 3, "relevant": 2, "neg": 1, "neu": 0, "pos": 1}
