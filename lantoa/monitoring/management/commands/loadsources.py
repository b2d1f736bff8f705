"""``lantoa loadsources``: add the default sources (lantoa/monitoring/data/sources.json) that are missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from lantoa.monitoring.models import Source
from lantoa.monitoring.services import do_create_source
from lantoa.org.models import Outlet

DATA = Path(__file__).resolve().parents[2] / "data" / "sources.json"


def load_default_sources() -> int:
    added = 0
    for entry in json.loads(DATA.read_text(encoding="utf-8"))["sources"]:
        if Source.objects.filter(kind=entry["kind"], url=entry["url"]).exists():
            continue
        values: dict[str, Any] = {key: value for key, value in entry.items() if key != "outlet"}
        values["outlet"] = Outlet.objects.filter(code=entry.get("outlet", "")).first()
        do_create_source(None, values)
        added += 1
    return added


class Command(BaseCommand):
    help = "Add the default monitoring sources that are missing (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"sources: +{load_default_sources()}")
