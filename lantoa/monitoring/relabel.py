"""Relabelling stored items after a model update: items whose recorded model versions differ from the shipped
models get the heads' labels again; fields an officer corrected are kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from lantoa.monitoring.analysis import HEAD_FIELDS, classifier
from lantoa.monitoring.models import Item
from lantoa.org.gazetteer import sector_agencies
from lantoa.vntext.classify.heads import HEAD_MODELS

LABEL_FIELDS = ("polarity", "sentiment", "toxicity", "toxicity_score", "constructive", "constructive_score",
                "sector", "misinfo_risk")  # fmt: skip


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
        for field in LABEL_FIELDS:
            if field in labels and field not in item.corrected:
                setattr(item, field, labels[field])
        if "sector" not in item.corrected and "sector" in labels:
            item.agencies = list(sector_agencies().get(labels["sector"], ()))
        item.model_versions = versions
        changed.append(item)
    Item.objects.bulk_update(changed, [*LABEL_FIELDS, "agencies", "model_versions"], batch_size=200)
    return len(changed)
