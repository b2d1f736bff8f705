"""``lantoa ingest FILE``: store a JSON Lines / CSV file (optionally .gz/.xz) through the whole pipeline and print
one JSON summary line: read, new, duplicates, stories, relevant, quarantined, seconds."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError

from lantoa.monitoring.ingest import IngestSummary, file_source, ingest
from lantoa.monitoring.sources.base import Discovered
from lantoa.monitoring.sources.file.plugin import read_records
from lantoa.org.gazetteer import entries_from_registry, other_province_names


class Command(BaseCommand):
    help = "Ingest a JSON Lines or CSV file (optionally .gz/.xz) through the monitoring pipeline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--workers", type=int, default=None, help="analysis processes (default: one per CPU)")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        show_progress = sys.stderr.isatty()
        try:
            summary = self.ingest(path, options["workers"], options["batch_size"], show_progress)
        except (OperationalError, InterfaceError) as exc:
            # The database gone (server restarted, connection terminated, unreachable): one line that says so and
            # what to do, rather than a traceback. Every batch is one transaction, so what was stored is complete
            # and the batch in progress is absent: a run again resumes.
            if show_progress:
                sys.stderr.write("\n")
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                f"{path}: stopped by a database error ({first_line}); the items stored before it are kept: "
                "run the same command again to ingest the rest"
            ) from exc
        if show_progress:
            sys.stderr.write("\n")
        self.stdout.write(json.dumps(summary.as_dict()))

    def ingest(self, path: Path, workers: int | None, batch_size: int, show_progress: bool) -> IngestSummary:
        entries = entries_from_registry(settings.PROVINCE_CODE)
        if not entries or len(entries) < 10:
            raise CommandError("the registry has no places: run `lantoa loadreference` (or `lantoa up`) first")

        def progress(summary: IngestSummary) -> None:
            if show_progress:
                sys.stderr.write(
                    f"\r{summary.read:>8} read  {summary.new:>8} new  {summary.duplicates:>7} copies  "
                    f"{summary.relevant:>6} relevant  {summary.seconds:>6.1f} s"
                )
                sys.stderr.flush()

        return ingest(
            _items(path),
            file_source(path),
            (entries, other_province_names(settings.PROVINCE_CODE)),
            workers=workers,
            batch_size=batch_size,
            progress=progress,
        )


def _items(path: Path) -> Iterator[tuple[int, Discovered | None, str | None, str]]:
    for record in read_records(path):
        yield record.line, record.item, (record.error or None), ""
