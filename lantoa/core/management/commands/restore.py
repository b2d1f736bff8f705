"""``lantoa restore FILE [--yes] [--force-empty-check]``: a backup of ``lantoa backup`` into an empty database.

Checks the whole backup first (manifest, checksums of every member, the database file's integrity), refuses a
database or media folder that is not empty, restores, then compares the row counts and checksums of every table
with the manifest and prints the comparison. Stop the web server and the workers first. See doc/backup.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.backup import BackupError, read_manifest, restore_backup, target_description


class Command(BaseCommand):
    help = "Restore a backup made by `lantoa backup` into an empty database, then verify row counts and checksums."
    # Nothing may touch the database before the emptiness check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup (.tar.gz) to restore")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--force-empty-check", action="store_true",
            help="restore even if the database or the media folder is not empty (tables are dropped and recreated)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            manifest = read_manifest(path)
            if not options["yes"]:
                self.confirm(path, manifest)
            verification = restore_backup(path, force_empty_check=options["force_empty_check"], say=self.say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        width = max((len(comparison.table) for comparison in verification.tables), default=10)
        self.say(f"{'table':<{width}}  {'backup':>9}  {'restored':>9}  checksum")
        for comparison in verification.tables:
            found = "missing" if comparison.found_rows is None else str(comparison.found_rows)
            verdict = "ok" if comparison.checksum_matches else "DIFFERENT"
            self.say(f"{comparison.table:<{width}}  {comparison.expected_rows:>9}  {found:>9}  {verdict}")
        if not verification.ok:
            names = ", ".join(comparison.table for comparison in verification.mismatches[:10])
            raise CommandError(f"the restored database differs from the backup's manifest: {names}")
        rows = sum(comparison.expected_rows for comparison in verification.tables)
        self.say(
            f"Restored into {target_description()}: {len(verification.tables)} tables, {rows} rows and "
            f"{verification.media_files} uploaded files, every count and checksum as in the manifest. "
            "Next: `lantoa migrate` (if this Lantoa is newer than the backup), `lantoa sync_roles`, then start."
        )

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def confirm(self, path: Path, manifest: dict[str, Any]) -> None:
        question = (
            f"Restore {path} (made {manifest.get('created', '?')}) into {target_description()}? "
            "Stop the web server and the workers first. [y/N] "
        )
        if not sys.stdin.isatty():
            raise CommandError("not asking on a non-interactive input: pass --yes to restore")
        if input(question).strip().lower() not in ("y", "yes", "c", "có"):
            raise CommandError("restore cancelled")
