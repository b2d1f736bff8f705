"""``lantoa train [HEAD …]``: rebuild the shipped classifier models from the shared data, and print dev scores."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.shared_data import shared_data_dir
from lantoa.vntext.classify.features import featurize
from lantoa.vntext.classify.heads import HEADS, score
from lantoa.vntext.classify.model import MODEL_DIR
from lantoa.vntext.classify.train import fit

CORRECTION_WEIGHT = 5
CORRECTED_FIELD = {"polarity": "polarity", "sector": "sector", "toxicity": "toxicity"}


def corrections_for(head: str) -> list[tuple[str, str]]:
    """(text, label) of the items whose ``head`` label an officer corrected, the latest correction of each."""
    field = CORRECTED_FIELD.get(head)
    if field is None:
        return []
    from django.db import DatabaseError

    from lantoa.monitoring.models import Correction

    try:
        latest: dict[int, tuple[str, str]] = {}
        for correction in Correction.objects.filter(field=field).select_related("item").order_by("at"):
            item = correction.item
            latest[item.pk] = (f"{item.title}\n{item.lead}\n{item.body}", correction.value)
    except DatabaseError:
        return []  # no database (a fresh checkout): train on the shared data alone
    return list(latest.values())


class Command(BaseCommand):
    help = (
        "Train the classifier heads from ../shared/data (LANTOA_SHARED_DATA) and write lantoa/vntext/classify/models."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("heads", nargs="*", help=f"default: all ({', '.join(HEADS)})")
        parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
        parser.add_argument("--out", type=Path, default=MODEL_DIR)

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["data"] or shared_data_dir()
        if not root.is_dir():
            raise CommandError(f"shared data not found at {root}: give --data or set LANTOA_SHARED_DATA")
        names = options["heads"] or list(HEADS)
        unknown = set(names) - set(HEADS)
        if unknown:
            raise CommandError(f"unknown heads: {', '.join(sorted(unknown))}; known: {', '.join(HEADS)}")
        for name in names:
            spec = HEADS[name]
            started = time.monotonic()
            texts, labels = spec.train(root)
            corrected = corrections_for(name)
            if corrected:
                # Officers' corrections come first: each counts as CORRECTION_WEIGHT training examples.
                texts = [*texts, *[text for text, _ in corrected] * CORRECTION_WEIGHT]
                labels = [*labels, *[label for _, label in corrected] * CORRECTION_WEIGHT]
                self.stdout.write(f"{name}: {len(corrected)} corrections by officers added")
            dev_texts, dev_labels = spec.dev(root)
            head = fit(name, texts, labels, **spec.fit)
            predicted = [head.predict(featurize(text))[0] for text in dev_texts]
            value = score(spec.metric, dev_labels, predicted)
            head.meta = {"metric": spec.metric, "dev": round(value, 4), "train_size": len(texts),
                         "dev_size": len(dev_texts), "data": spec.baseline}  # fmt: skip
            path = head.save(options["out"])
            self.stdout.write(
                f"{name:13} {spec.metric:12} dev {value:.4f}  ({len(texts)} train, {len(dev_texts)} dev, "
                f"{time.monotonic() - started:.0f} s) → {path.name} {head.version}"
            )
