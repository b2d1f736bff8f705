from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.org.reference import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = "Load the registry's reference data (communes/wards, former names, organisations, outlets). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="also reset fields defined by the data files to the files' values (default: only add missing rows)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference(settings.PROVINCE_CODE, update=options["update"])
        except (ReferenceDataError, ValueError) as exc:
            raise CommandError(f"reference data not loaded: {exc}") from exc
        self.stdout.write(f"reference data: {report.summary()}")
