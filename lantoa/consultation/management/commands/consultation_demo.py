"""``lantoa consultation_demo``: a published consultation with a real-looking draft, for demonstrations and the
load benchmark (bench/consultation.py). Prints its id and public path as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from lantoa.consultation.demo import create_published


class Command(BaseCommand):
    help = "Create a published demonstration consultation (open for --days days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--organisation", default="so-xay-dung")

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = create_published(options["organisation"], options["days"])
        path = reverse("consultation_public:detail", args=[consultation.pk])
        self.stdout.write(json.dumps({"id": consultation.pk, "path": path}))
