"""``lantoa eval``: dev scores of the shipped models beside the targets and the published baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.shared_data import shared_data_dir
from lantoa.vntext.classify.features import featurize
from lantoa.vntext.classify.heads import HEADS, Classifier, score


class Command(BaseCommand):
    help = "Score the shipped classifier heads on the dev splits of ../shared/data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["data"] or shared_data_dir()
        if not root.is_dir():
            raise CommandError(f"shared data not found at {root}: give --data or set LANTOA_SHARED_DATA")
        classifier = Classifier()
        self.stdout.write(f"{'head':13} {'metric':12} {'dev':>7} {'target':>7}  model            published / data")
        for name, spec in HEADS.items():
            head = classifier.head(name)
            if head is None:
                self.stdout.write(f"{name:13} no model: run `lantoa train {name}`")
                continue
            texts, labels = spec.dev(root)
            value = score(spec.metric, labels, [head.predict(featurize(text))[0] for text in texts])
            target = f"{spec.target:.2f}" if spec.target else "—"
            self.stdout.write(f"{name:13} {spec.metric:12} {value:7.4f} {target:>7}  {head.version:16} {spec.baseline}")
