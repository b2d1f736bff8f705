"""``lantoa report --period quarter|year --year 2026 [--quarter 3] -o FILE.docx``: the periodic report as Word,
without the web UI. The figures are taken now and nothing is written to the database (a preview with a blank
number and the starting texts); ``--issued`` renders the issued report of that period instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantoa.reports import document, services, sources
from lantoa.reports.models import Report, ReportStatus
from lantoa.reports.periods import Period


class Command(BaseCommand):
    help = "Render the quarterly or yearly report (báo cáo định kỳ) to a Word file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", choices=("quarter", "year"), required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="required with --period quarter")
        parser.add_argument("-o", "--output", required=True, help="the .docx file to write")
        parser.add_argument("--issued", action="store_true", help="the issued report of that period, not a preview")

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["period"]
        if kind == "quarter" and not options["quarter"]:
            raise CommandError("--period quarter needs --quarter 1–4")
        if kind == "year" and options["quarter"]:
            raise CommandError("--quarter goes with --period quarter only")
        try:
            period = Period(kind, options["year"], options["quarter"] or 0)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        target = Path(options["output"])
        if not target.parent.is_dir():
            raise CommandError(f"folder {target.parent} does not exist")
        if options["issued"]:
            report = Report.objects.filter(
                kind=period.kind, year=period.year, quarter=period.quarter, status=ReportStatus.ISSUED
            ).first()
            if report is None:
                raise CommandError(f"no issued report for {period.label}")
            data = services.docx_bytes(report)
        else:
            figures = sources.gather(period)
            texts = document.Texts(
                document.default_intro(period), document.suggested_shortcomings(figures), services.DEFAULT_DIRECTIONS
            )
            data = document.docx_bytes(figures, texts, number=0, day=timezone.localdate())
        target.write_bytes(data)
        self.stderr.write(f"{target}: {period.label}, {len(data):,} bytes")
