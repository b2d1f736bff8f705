"""Relabelling stored items after a model update: items whose recorded model versions differ from the shipped
models get the heads' labels again; fields an officer corrected are kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from lantoa.monitoring.analysis import HEAD_FIELDS, ITEM_LABEL_DEFAULTS, classifier, item_labels
from lantoa.monitoring.models import Item
from lantoa.org.gazetteer import agencies_for
from lantoa.vntext.classify.heads import HEAD_MODELS


def current_versions() -> dict[str, str]:
    return classifier().versions(HEAD_MODELS[name] for name in HEAD_FIELDS)


def is_stale(item: Item, versions: dict[str, str]) -> bool:
    return any(item.model_versions.get(model) != version for model, version in versions.items())


@transaction.atomic
def relabel_items(items: Iterable[Item]) -> int:
    versions = current_versions()
    changed = []
    for item in items:
        if not is_stale(item, versions):
            continue
        labels = classifier().classify(f"{item.title}\n{item.lead}\n{item.body}", HEAD_FIELDS)
        if "sector" in labels:
            labels["agencies"] = agencies_for(labels["sector"])
        for field, value in item_labels(labels).items():
            # An officer's correction stays; the agencies follow a corrected sector.
            owner = "sector" if field == "agencies" else field
            if field in labels and owner not in item.corrected:
                setattr(item, field, value)
        item.model_versions = versions
        changed.append(item)
    Item.objects.bulk_update(changed, [*ITEM_LABEL_DEFAULTS, "model_versions"], batch_size=200)
    return len(changed)
