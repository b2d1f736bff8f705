"""``lantoa digest --period day|week --date YYYY-MM-DD --format docx|pdf|html -o FILE``: a digest without the web UI.

By default it renders what the period holds now, writing nothing to the database (a preview, numbered with
blanks). ``--issued`` renders the archived digest of that period and date instead (its number and its edits).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.digests import content, render, services
from lantoa.digests.models import Digest, DigestStatus

FORMATS = ("docx", "pdf", "html")


class Command(BaseCommand):
    help = "Render a press digest (điểm tin) to a Word, PDF or HTML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", choices=("day", "week"), default="day")
        parser.add_argument("--date", help="the digest's date, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name's extension")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output, html only)")
        parser.add_argument("--issued", action="store_true", help="the issued digest of that date, not a preview")

    def handle(self, *args: Any, **options: Any) -> None:
        day = self._day(options["date"])
        output: str = options["output"]
        fmt = options["format"] or Path(output).suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"unknown format {fmt!r}: use --format docx, pdf or html (or a file name ending so)")
        if output == "-" and fmt != "html":
            raise CommandError("only --format html can be written to standard output")
        if options["issued"]:
            digest = Digest.objects.filter(period=options["period"], day=day, status=DigestStatus.ISSUED).first()
            if digest is None:
                raise CommandError(f"no issued {options['period']} digest dated {day:%d/%m/%Y}")
            rendering = services.rendering_for(digest)
        else:
            rendering = render.from_data(content.collect(options["period"], day))
        if fmt == "docx":
            data = render.docx_bytes(rendering)
        elif fmt == "pdf":
            data = render.pdf_bytes(rendering)
        else:
            data = render.html_document(rendering).encode("utf-8")
        if output == "-":
            self.stdout.write(data.decode("utf-8"))
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"folder {target.parent} does not exist")
        target.write_bytes(data)
        self.stderr.write(f"{target}: {rendering.entry_count} tin, {len(data):,} bytes")

    @staticmethod
    def _day(value: str | None) -> date:
        if not value:
            from django.utils import timezone

            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date: expected YYYY-MM-DD, got {value!r}") from None
