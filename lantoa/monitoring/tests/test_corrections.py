"""The corrections loop: one click on the item page, stored with who/when, shown instead of the model's label,
kept by relabelling, used first by training."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.monitoring import services
from lantoa.monitoring.models import Correction, Item
from lantoa.monitoring.tests.test_pipeline import BODY, run, write_jsonl
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(tmp_path: Path) -> Item:
    run(write_jsonl(tmp_path / "i.jsonl", [{"id": "k1", "title": "Thái Nguyên sơ kết", "body": BODY}]))
    return Item.objects.get()


def test_an_officer_corrects_polarity_in_one_click(press_officer: User, item: Item) -> None:
    client = client_for(press_officer)
    target = "neg" if item.polarity != "neg" else "pos"
    response = client.post(reverse("monitoring:item_correct", args=[item.pk]), {"field": "polarity", "value": target},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert 'id="item-labels"' in response.content.decode() and "đã sửa" in response.content.decode()
    item.refresh_from_db()
    assert item.polarity == target and item.corrected == {"polarity": target}
    correction = Correction.objects.get()
    assert correction.user == press_officer and correction.value == target
    assert AuditEvent.objects.filter(action="monitoring.item.correct", target_id=str(item.pk)).exists()


def test_sector_and_relevance_corrections_update_the_item(press_officer: User, item: Item) -> None:
    services.do_correct_item(press_officer, item, "sector", "health")
    services.do_correct_item(press_officer, item, "relevant", "no")
    item.refresh_from_db()
    assert (item.sector, item.relevant) == ("health", False)
    assert item.agencies == ["so-y-te"]


def test_bad_corrections_are_refused(press_officer: User, leader: User, item: Item) -> None:
    with pytest.raises(ValidationError):
        services.do_correct_item(press_officer, item, "polarity", "very-bad")
    with pytest.raises(ValidationError):
        services.do_correct_item(press_officer, item, "title", "x")
    with pytest.raises(PermissionDenied):
        services.do_correct_item(leader, item, "polarity", "neg")
    assert (
        client_for(leader)
        .post(reverse("monitoring:item_correct", args=[item.pk]), {"field": "polarity", "value": "neg"})
        .status_code
        == 403
    )
    assert Correction.objects.count() == 0


def test_relabelling_keeps_corrections(press_officer: User, item: Item) -> None:
    from lantoa.monitoring.relabel import relabel_items

    services.do_correct_item(press_officer, item, "sector", "health")
    Item.objects.filter(pk=item.pk).update(model_versions={"polarity": "old"}, polarity="")
    assert relabel_items(Item.objects.filter(pk=item.pk)) == 1
    item.refresh_from_db()
    assert item.sector == "health"  # the officer's, not the model's
    assert item.polarity in {"neg", "neu", "pos"}
    assert item.model_versions["polarity"] != "old"


def test_training_takes_corrections_first(press_officer: User, item: Item) -> None:
    from lantoa.monitoring.management.commands.train import corrections_for

    services.do_correct_item(press_officer, item, "polarity", "pos")
    services.do_correct_item(press_officer, item, "polarity", "neg")
    assert corrections_for("polarity") == [(f"{item.title}\n{item.lead}\n{item.body}", "neg")]
    assert corrections_for("sentiment") == []
