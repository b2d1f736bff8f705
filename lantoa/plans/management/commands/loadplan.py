"""``lantoa loadplan FILE [--year YEAR]``: the yearly communication plan from its data file (idempotent).

``--year`` loads the same sections and tasks as the plan of another year (due dates recomputed for that year), e.g.
``lantoa loadplan lantoa/plans/data/plan-2026.json --year 2027`` until the 2027 plan has its own file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.plans.loader import PlanFileError, load_plan


class Command(BaseCommand):
    help = "Load a yearly communication plan (sections, tasks, assignments, due dates) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the plan file, e.g. lantoa/plans/data/plan-2026.json")
        parser.add_argument("--year", type=int, help="the plan's year (default: the file's 'year')")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = load_plan(path, options["year"])
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.summary())
