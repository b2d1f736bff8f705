"""Monitoring pages per persona, with hostile text and bounded query counts."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.monitoring import search
from lantoa.monitoring.models import Item, Source
from lantoa.monitoring.tests.test_pipeline import BODY, run, write_jsonl
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(tmp_path: Path) -> list[Item]:
    rows = [
        {"id": f"n{i}", "title": f"Thái Nguyên tin số {i} {HOSTILE}", "body": BODY.replace("15/8", f"{i}/8"),
         "source": f"Báo {i % 3}", "published": f"{i + 1:02d}/08/2025 09:00"}
        for i in range(12)
    ]  # fmt: skip
    rows.append({"id": "other", "title": "Giá vàng", "body": "Giá vàng hôm nay tăng mạnh tại Hà Nội.", "source": "X"})
    run(write_jsonl(tmp_path / "v.jsonl", rows))
    return list(Item.objects.order_by("id"))


def test_the_stream_lists_relevant_items_with_bounded_queries(
    leader: User, stored: list[Item], django_assert_max_num_queries: object
) -> None:
    client = client_for(leader)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(reverse("monitoring:item_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["page"].paginator.count == 12
    assert not unescaped(body) and "&lt;script&gt;" in body
    assert "Phú Bình" in body


def test_the_stream_filters_and_reports_bad_dates(leader: User, stored: list[Item]) -> None:
    client = client_for(leader)
    found = client.get(reverse("monitoring:item_list"), {"q": "gia vang", "lien_quan": "tat_ca"})
    assert [item.key for item in found.context["page"]] == ["id:other"]
    dated = client.get(reverse("monitoring:item_list"), {"tu": "05/08/2025", "den": "06/08/2025"})
    assert dated.context["page"].paginator.count == 2
    bad = client.get(reverse("monitoring:item_list"), {"tu": "32/13/2025"})
    assert bad.status_code == 200
    assert "32/13/2025" in bad.content.decode()
    by_place = client.get(reverse("monitoring:item_list"), {"dia_ban": "05923"})
    assert by_place.context["page"].paginator.count == 12


def test_the_item_page_highlights_places_and_escapes(leader: User, stored: list[Item]) -> None:
    item = stored[0]
    body = client_for(leader).get(reverse("monitoring:item_detail", args=[item.pk])).content.decode()
    assert "<mark" in body and ">Phú Bình</mark>" in body
    assert not unescaped(body)


def test_the_story_page_lists_every_copy(leader: User, tmp_path: Path) -> None:
    run(write_jsonl(tmp_path / "c.jsonl", [
        {"id": "c1", "title": "Tin gốc", "body": BODY, "source": "Báo A", "published": "01/08/2025 07:00"},
        {"id": "c2", "title": "Tin lại", "body": BODY, "source": "Báo B", "published": "01/08/2025 09:00"},
    ]))  # fmt: skip
    story_id = Item.objects.get(key="id:c1").story_id
    body = client_for(leader).get(reverse("monitoring:story_detail", args=[story_id])).content.decode()
    assert "Báo A" in body and "Báo B" in body and "2 bản, 2 cơ quan đăng" in body


def test_sources_are_managed_by_the_press_office(press_officer: User, agency_officer: User) -> None:
    officer = client_for(press_officer)
    response = officer.post(
        reverse("monitoring:source_create"),
        {"name": "Báo thử", "kind": "rss", "url": "https://example.vn/rss", "poll_minutes": 15, "is_active": "on",
         "options": "{}"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    source = Source.objects.get(name="Báo thử")
    assert officer.get(reverse("monitoring:source_list")).status_code == 200
    assert officer.get(reverse("monitoring:source_detail", args=[source.pk])).status_code == 200
    agency = client_for(agency_officer)
    assert agency.get(reverse("monitoring:source_list")).status_code == 200
    denied = agency.post(reverse("monitoring:source_edit", args=[source.pk]), {"name": "Đổi", "kind": "rss"})
    assert denied.status_code == 403
    source.refresh_from_db()
    assert source.name == "Báo thử"


def test_outsiders_see_no_monitoring(outsider: User) -> None:
    client = client_for(outsider)
    assert client.get(reverse("monitoring:item_list")).status_code == 403
    assert Client().get(reverse("monitoring:item_list")).status_code == 302


def test_the_stream_filters_by_polarity_and_sector(leader: User, stored: list[Item]) -> None:
    first = stored[0]
    Item.objects.filter(pk=first.pk).update(polarity="neg", sector="health")
    client = client_for(leader)
    negative = client.get(reverse("monitoring:item_list"), {"chieu_huong": "neg", "linh_vuc": "health"})
    assert [item.pk for item in negative.context["page"]] == [first.pk]


def test_search_shows_every_match_newest_first_and_the_count_stops_at_the_cap(
    leader: User, stored: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream's search is "the newest matches" (no ranking to compute over every match, doc/scaling.md)."""
    from lantoa.monitoring.views import CappedPaginator

    client = client_for(leader)
    found = client.get(reverse("monitoring:item_list"), {"q": "thai nguyen tin so"})
    keys = [item.key for item in found.context["page"]]
    assert keys == [f"id:n{i}" for i in range(11, -1, -1)]  # published 12/08 … 01/08
    assert found.context["page"].paginator.count == 12 and not found.context["page"].paginator.capped
    # A common word (more matches than FEW_MATCHES) goes through the subquery: the same answer, not counted;
    # pages go on while there is one more row.
    monkeypatch.setattr(search, "FEW_MATCHES", 3)
    monkeypatch.setattr("lantoa.monitoring.views.PAGE_SIZE", 5)
    common = client.get(reverse("monitoring:item_list"), {"q": "thai nguyen tin so"})
    assert [item.key for item in common.context["page"]] == keys[:5]
    assert common.context["page"].paginator.uncounted and common.context["page"].has_next()
    assert "không đếm hết" in common.content.decode() and "Trang 1<" not in common.content.decode()
    last = client.get(reverse("monitoring:item_list"), {"q": "thai nguyen tin so", "trang": "3"})
    assert [item.key for item in last.context["page"]] == keys[10:] and not last.context["page"].has_next()
    beyond = client.get(reverse("monitoring:item_list"), {"q": "thai nguyen tin so", "trang": "9"})
    assert beyond.status_code == 200 and len(beyond.context["page"]) > 0
    monkeypatch.undo()
    monkeypatch.setattr(search, "FEW_MATCHES", 1000)

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    capped = client.get(reverse("monitoring:item_list"), {"q": "thai nguyen tin so"})
    paginator = capped.context["page"].paginator
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 1)
    assert "Hơn 5 tin" in capped.content.decode()
    assert [item.key for item in capped.context["page"]] == [f"id:n{i}" for i in range(11, 6, -1)]
    nothing = client.get(reverse("monitoring:item_list"), {"q": '"" ( ) *'})
    assert nothing.status_code == 200 and nothing.context["page"].paginator.count == 0
