"""``lantoa analyze``: JSON Lines in, one JSON line out per input line, same order; no database needed.

Output fields (a stable contract): ``id``, ``places`` (name, code, kind, units), ``relevant``, ``story`` (shared by
near-duplicate copies within the input), and ``error`` for a line that could not be read (the run goes on).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lantoa.monitoring.analysis import HEAD_FIELDS, MemoryStories, analyse
from lantoa.monitoring.ingest import record_from
from lantoa.monitoring.sources.file.plugin import record_from_fields
from lantoa.monitoring.store import SAME_STORY_SIMILARITY
from lantoa.org.gazetteer import gazetteer_from_files

ALL_FIELDS = ("places", "relevant", "story", *HEAD_FIELDS)


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


class Command(BaseCommand):
    help = "Analyse articles given as JSON Lines (stdin by default): places, relevance, stories."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-i", "--input", default="-", help="JSON Lines file (default: standard input)")
        parser.add_argument("-o", "--output", default="-", help="where to write (default: standard output)")
        parser.add_argument(
            "--fields",
            default=",".join(ALL_FIELDS),
            help=f"the fields to compute, comma-separated (default: all: {','.join(ALL_FIELDS)})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fields = tuple(name.strip() for name in options["fields"].split(",") if name.strip())
        unknown = set(fields) - set(ALL_FIELDS)
        if unknown:
            raise CommandError(f"unknown fields: {', '.join(sorted(unknown))}; known: {', '.join(ALL_FIELDS)}")
        self.fields = fields
        self.heads = tuple(name for name in HEAD_FIELDS if name in fields)
        gazetteer = gazetteer_from_files(settings.PROVINCE_CODE)
        stories = MemoryStories(SAME_STORY_SIMILARITY)
        source: IO[str] = sys.stdin if options["input"] == "-" else open(options["input"], encoding="utf-8")  # noqa: SIM115
        target: IO[str] = sys.stdout if options["output"] == "-" else open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
        try:
            for number, line in _lines(source):
                target.write(json.dumps(self.one(number, line, gazetteer, stories), ensure_ascii=False) + "\n")
        finally:
            if source is not sys.stdin:
                source.close()
            if target is not sys.stdout:
                target.close()
            else:
                target.flush()

    def one(self, number: int, line: str, gazetteer: Any, stories: MemoryStories) -> dict[str, Any]:
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as exc:
            message = _("dòng %(line)d: không phải JSON: %(reason)s") % {"line": number, "reason": exc.msg}
            return {"line": number, "error": message}
        if not isinstance(fields, dict):
            return {"line": number, "error": _("dòng %(line)d: không phải một đối tượng JSON") % {"line": number}}
        own_id = fields.get("id", number)
        parsed = record_from_fields(number, fields)
        if parsed.item is None:
            return {"id": own_id, "line": number, "error": parsed.error}
        analysis = analyse(record_from(parsed.item), gazetteer, self.heads)
        out: dict[str, Any] = {"id": own_id}
        if "places" in self.fields:
            out["places"] = analysis.places
        if "relevant" in self.fields:
            out["relevant"] = analysis.relevant
        if "story" in self.fields:
            out["story"] = stories.assign(str(own_id), analysis)
        out.update(analysis.labels)
        if analysis.models:
            out["models"] = analysis.models
        return out
