"""``lantoa backup [--output FILE]``: the database and the uploaded files in one ``.tar.gz`` with a manifest.

SQLite: a consistent copy through the online backup API, while the platform runs. PostgreSQL: ``pg_dump
--format=custom`` of the snapshot the checksums are computed in. See doc/backup.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.backup import BackupError, create_backup, default_output, target_description


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz with a manifest of row counts and checksums."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", type=Path, default=None,
            help="the file to write (default: LANTOA_VAR_DIR/backups/lantoa-YYYYMMDD-HHMMSS.tar.gz)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or default_output()
        if output.exists():
            raise CommandError(f"{output} exists already: choose another --output")
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        media_bytes = sum(entry["bytes"] for entry in manifest["media"].values())
        self.stdout.write(
            f"Backup of {target_description()} written to {output}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['media'])} uploaded files ({media_bytes} bytes); {output.stat().st_size} bytes in all."
        )
