"""``lantoa analyze``: JSON Lines in, one JSON line out per input line, same order; no database needed.

Output fields (a stable contract): ``id``, ``places`` (name, code, kind, units), ``relevant``, ``story`` (shared by
near-duplicate copies within the input), the classifier fields (``polarity``, ``sentiment``, ``toxicity``,
``constructive``, ``sector`` and ``agencies``, ``misinfo_risk``, with ``models``), and ``error`` for a line that could
not be read (the run goes on). Lines are analysed in worker processes (one per CPU) and written in input order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lantoa.monitoring.analysis import HEAD_FIELDS, Analysis, MemoryStories, analyse
from lantoa.monitoring.ingest import record_from
from lantoa.monitoring.sources.file.plugin import record_from_fields
from lantoa.monitoring.store import SAME_STORY_SIMILARITY
from lantoa.org.gazetteer import gazetteer_from_files

ALL_FIELDS = ("places", "relevant", "story", *HEAD_FIELDS)
Result = tuple[Any, dict[str, Any] | None, Analysis | None]  # (id, error output, analysis)
_HEADS: tuple[str, ...] = HEAD_FIELDS


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def _init(heads: tuple[str, ...]) -> None:
    global _HEADS
    _HEADS = heads


def analyse_line(numbered: tuple[int, str]) -> Result:
    """One input line: (its id, an error answer or None, the analysis or None). Runs in a worker process."""
    number, line = numbered
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as exc:
        message = _("dòng %(line)d: không phải JSON: %(reason)s") % {"line": number, "reason": exc.msg}
        return None, {"line": number, "error": message}, None
    if not isinstance(fields, dict):
        return (
            None,
            {"line": number, "error": _("dòng %(line)d: không phải một đối tượng JSON") % {"line": number}},
            None,
        )
    own_id = fields.get("id", number)
    parsed = record_from_fields(number, fields)
    if parsed.item is None:
        return own_id, {"id": own_id, "line": number, "error": parsed.error}, None
    return own_id, None, analyse(record_from(parsed.item), gazetteer_from_files(settings.PROVINCE_CODE), _HEADS)


class Command(BaseCommand):
    help = "Analyse articles given as JSON Lines (stdin by default): places, relevance, stories, classifier heads."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-i", "--input", default="-", help="JSON Lines file (default: standard input)")
        parser.add_argument("-o", "--output", default="-", help="where to write (default: standard output)")
        parser.add_argument(
            "--fields",
            default=",".join(ALL_FIELDS),
            help=f"the fields to compute, comma-separated (default: all: {','.join(ALL_FIELDS)})",
        )
        parser.add_argument("--workers", type=int, default=None, help="processes (default: one per CPU)")

    def handle(self, *args: Any, **options: Any) -> None:
        fields = tuple(name.strip() for name in options["fields"].split(",") if name.strip())
        unknown = set(fields) - set(ALL_FIELDS)
        if unknown:
            raise CommandError(f"unknown fields: {', '.join(sorted(unknown))}; known: {', '.join(ALL_FIELDS)}")
        heads = tuple(name for name in HEAD_FIELDS if name in fields)
        gazetteer_from_files(settings.PROVINCE_CODE)  # built once here, inherited by the forked workers
        stories = MemoryStories(SAME_STORY_SIMILARITY)
        workers = options["workers"] or os.cpu_count() or 1
        source: IO[str] = sys.stdin if options["input"] == "-" else open(options["input"], encoding="utf-8")  # noqa: SIM115
        target: IO[str] = sys.stdout if options["output"] == "-" else open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
        try:
            if workers > 1:
                context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
                with context.Pool(workers, initializer=_init, initargs=(heads,)) as pool:
                    for result in pool.imap(analyse_line, _lines(source), chunksize=32):
                        target.write(self.answer(result, fields, stories))
            else:
                _init(heads)
                for numbered in _lines(source):
                    target.write(self.answer(analyse_line(numbered), fields, stories))
        finally:
            if source is not sys.stdin:
                source.close()
            if target is not sys.stdout:
                target.close()
            else:
                target.flush()

    def answer(self, result: Result, fields: tuple[str, ...], stories: MemoryStories) -> str:
        own_id, error, analysis = result
        if error is not None or analysis is None:
            return json.dumps(error, ensure_ascii=False) + "\n"
        out: dict[str, Any] = {"id": own_id}
        if "places" in fields:
            out["places"] = analysis.places
        if "relevant" in fields:
            out["relevant"] = analysis.relevant
        if "story" in fields:
            out["story"] = stories.assign(str(own_id), analysis)
        out.update(analysis.labels)
        if analysis.models:
            out["models"] = analysis.models
        return json.dumps(out, ensure_ascii=False) + "\n"
