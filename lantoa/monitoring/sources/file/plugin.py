"""File imports: JSON Lines and CSV exports of social-media posts and comments, and offline corpora of articles,
optionally compressed with gzip, xz or bzip2 (recognised by their first bytes, whatever the file is called).

:func:`read_records` streams a file of any size in constant memory and gives one :class:`FileRecord` per line or
row: the item, or why that line was refused ("dòng 7: không phải JSON: …"); the other lines still come out.
``discover()`` does the same for a small uploaded file held in memory, yielding the items only (see its docstring).

Fields (JSON keys, or CSV header names; case and surrounding spaces ignored; the first one present wins):
    ``id`` → external_id; ``title``; ``sapo`` | ``lead``; ``body`` | ``text`` | ``content`` | ``message`` → text;
    ``url`` (http/https); ``published`` | ``created_time`` | ``date``; ``author`` | ``page`` | ``source`` → author;
    ``kind``: post | comment | article. ``page`` and ``source`` are also kept in ``extra`` as such (the outlet), with
    ``line`` (the record's line) and any other field (as text; JSON objects and arrays as JSON).
    A line needs a title, a lead or a text. Dates: ISO 8601, ``dd/mm/yyyy``, ``dd/mm/yyyy HH:MM[:SS]``,
    ``HH:MM dd/mm/yyyy`` or Unix seconds/milliseconds; without a zone they are Vietnam time (Asia/Ho_Chi_Minh).

Options (``discover`` only): ``format``: ``jsonl`` or ``csv`` (default: from the name in ``base_url``, else from the
first character); ``default_kind``: kind of lines without one (default ``article``); ``strict``: ``"1"`` refuses
the whole upload, before yielding anything, if any line is bad.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import re
import zlib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind
from lantoa.vntext import nfc

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = ("article", "post", "comment")
MAX_LINE_BYTES = 8 * 1024 * 1024  # a longer line is refused (and skipped) rather than held in memory
MAX_ERRORS_IN_MESSAGE = 5

_FIELDS: dict[str, tuple[str, ...]] = {
    "external_id": ("id",),
    "title": ("title",),
    "lead": ("sapo", "lead"),
    "text": ("body", "text", "content", "message"),
    "url": ("url",),
    "published": ("published", "created_time", "date"),
    "author": ("author", "page", "source"),
    "kind": ("kind",),
}
_KNOWN = frozenset(name for names in _FIELDS.values() for name in names)
_NOT_SUPPORTED = {b"PK\x03\x04": "ZIP/Excel (.xlsx)", b"\xd0\xcf\x11\xe0": "Excel (.xls)", b"%PDF": "PDF"}
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?")
_TIME_FIRST = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?[ ,-]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# Errors of a damaged or truncated compressed file, raised while reading it.
_READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)


class _Stream(Protocol):
    """What is read here: an open binary file, a BytesIO, a gzip/xz/bzip2 reader."""

    def read(self, size: int = ..., /) -> bytes: ...
    def readline(self, size: int = ..., /) -> bytes: ...
    def seek(self, offset: int, whence: int = ..., /) -> int: ...


@dataclass(frozen=True)
class FileRecord:
    """One line (JSON Lines) or row (CSV) of an imported file: ``item``, or the ``reason`` it was refused."""

    line: int  # first physical line of the record, from 1 (the CSV header is line 1)
    item: Discovered | None = None
    reason: str = ""

    @property
    def error(self) -> str:
        """The refusal as shown to people, with its line: "dòng 7: không phải JSON: …"; empty for an item."""
        if self.item is not None:
            return ""
        return _("dòng %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


def read_records(path: Path, *, default_kind: str = "article") -> Iterator[FileRecord]:
    """Every record of the file at ``path``, streamed (constant memory, any size)."""
    with path.open("rb") as stream:
        yield from iter_records(stream, name=path.name, default_kind=default_kind)


def iter_records(
    stream: BinaryIO, *, name: str = "", file_format: str = "", default_kind: str = "article"
) -> Iterator[FileRecord]:
    """Every record of a seekable binary stream; ``name`` (a file name) and ``file_format`` (``jsonl``/``csv``) help
    decide the format, which is otherwise read from the first character (``{`` or ``[``: JSON)."""
    head = stream.read(16)
    stream.seek(0)
    for magic, kind in _NOT_SUPPORTED.items():
        if head.startswith(magic):
            yield FileRecord(
                1, reason=_("tệp %(kind)s không đọc được: hãy xuất ra CSV hoặc JSON Lines.") % {"kind": kind}
            )
            return
    with ExitStack() as closing:
        source = _decompressing(stream, head, closing)
        try:
            start = source.read(4096)
            source.seek(0)
        except _READ_ERRORS as error:
            yield FileRecord(1, reason=_("tệp nén hỏng: %(reason)s") % {"reason": error})
            return
        if _is_json(file_format, name, start):
            yield from _json_records(source, default_kind)
        else:
            yield from _csv_records(source, default_kind)


class FileKind:
    code = "file"
    label = cast(str, gettext_lazy("Tệp nhập (JSON Lines, CSV)"))
    needs_url = False

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        """Items of an uploaded file held in memory; ``base_url`` may carry its name (``posts.csv.gz``).

        Bad lines are skipped here (the contract yields items only): use :func:`read_records` to list them. The
        upload is refused when it has no good line, or, with ``strict``, when any line is bad."""
        if not body.strip():
            raise DiscoveryError(_("Tệp rỗng."))
        default_kind = options.get("default_kind", "").strip() or "article"
        if default_kind not in KINDS:
            raise DiscoveryError(_("Tùy chọn default_kind phải là một trong: %(kinds)s.") % {"kinds": ", ".join(KINDS)})
        records = iter_records(
            io.BytesIO(body),
            name=urlsplit(base_url).path or base_url,
            file_format=options.get("format", "").strip().lower(),
            default_kind=default_kind,
        )
        if options.get("strict", "").strip() == "1":
            listed = list(records)
            _refuse_if_bad([record for record in listed if record.item is None])
            yield from (record.item for record in listed if record.item is not None)
            return
        found = False
        errors: list[FileRecord] = []
        for record in records:
            if record.item is not None:
                found = True
                yield record.item
            elif len(errors) < MAX_ERRORS_IN_MESSAGE:
                errors.append(record)
        if not found:
            _refuse_if_bad(errors)
            raise DiscoveryError(_("Tệp không có dòng dữ liệu nào."))


def _refuse_if_bad(errors: list[FileRecord]) -> None:
    if errors:
        shown = "; ".join(record.error for record in errors[:MAX_ERRORS_IN_MESSAGE])
        raise DiscoveryError(_("Tệp có dòng lỗi: %(errors)s") % {"errors": shown})


def _decompressing(stream: BinaryIO, head: bytes, closing: ExitStack) -> _Stream:
    """The stream itself, or a reader that decompresses it (closed with ``closing``)."""
    if head.startswith(b"\x1f\x8b"):
        return closing.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
    if head.startswith(b"\xfd7zXZ\x00"):
        return closing.enter_context(lzma.LZMAFile(stream, mode="rb"))
    if re.match(rb"BZh[1-9]1AY&SY", head):
        return closing.enter_context(bz2.BZ2File(stream, mode="rb"))
    return stream


def _is_json(file_format: str, name: str, start: bytes) -> bool:
    if file_format in ("jsonl", "json", "ndjson"):
        return True
    if file_format == "csv":
        return False
    suffixes = [suffix.lower() for suffix in Path(name).suffixes if suffix.lower() not in (".gz", ".xz", ".bz2")]
    if suffixes and suffixes[-1] in (".jsonl", ".ndjson", ".json"):
        return True
    if suffixes and suffixes[-1] in (".csv", ".tsv", ".txt"):
        return False
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


# --- reading lines ------------------------------------------------------------------------------------------------


class _Lines:
    """Decoded lines of a binary stream, numbered from 1, each at most MAX_LINE_BYTES; lines that could not be read
    as they are (not UTF-8, too long) are recorded in ``problems`` and passed on as replaced/empty text."""

    def __init__(self, stream: _Stream) -> None:
        self.stream = stream
        self.number = 0
        self.problems: dict[int, str] = {}
        self.damaged = ""  # why reading stopped early (a damaged compressed file), if it did

    def __iter__(self) -> Iterator[str]:
        while True:
            try:
                raw = self.stream.readline(MAX_LINE_BYTES + 1)
            except _READ_ERRORS as error:
                self.damaged = _("tệp nén hỏng hoặc bị cắt cụt: %(reason)s") % {"reason": error}
                return
            if not raw:
                return
            self.number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                self.problems[self.number] = _("dòng dài quá %(mb)d MB.") % {"mb": MAX_LINE_BYTES // 1024 // 1024}
                if not self._skip_rest():
                    return
                yield "\n"
                continue
            try:
                text = raw.decode("utf-8-sig" if self.number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                self.problems[self.number] = _("không phải văn bản UTF-8 (byte %(position)d).") % {
                    "position": error.start + 1
                }
                text = raw.decode("utf-8", errors="replace")
            yield text

    def _skip_rest(self) -> bool:
        while True:
            try:
                chunk = self.stream.readline(MAX_LINE_BYTES)
            except _READ_ERRORS as error:
                self.damaged = _("tệp nén hỏng hoặc bị cắt cụt: %(reason)s") % {"reason": error}
                return False
            if not chunk:
                return False
            if chunk.endswith(b"\n"):
                return True

    def problem(self, first: int, last: int) -> str:
        """The first problem among lines first..last, forgetting those up to last."""
        found = next((self.problems[number] for number in range(first, last + 1) if number in self.problems), "")
        for number in [number for number in self.problems if number <= last]:
            del self.problems[number]
        return found


def _json_records(stream: _Stream, default_kind: str) -> Iterator[FileRecord]:
    lines = _Lines(stream)
    for text in lines:
        number = lines.number
        if problem := lines.problem(number, number):
            yield FileRecord(number, reason=problem)
            continue
        if not text.strip():
            continue
        if number == 1 and text.lstrip().startswith("["):
            yield FileRecord(1, reason=_("tệp là một mảng JSON, không phải JSON Lines (mỗi dòng một đối tượng)."))
            return
        try:
            value = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            reason = _("không phải JSON: %(reason)s (cột %(column)d)") % {"reason": error.msg, "column": error.colno}
            yield FileRecord(number, reason=reason)
            continue
        except RecursionError:
            yield FileRecord(number, reason=_("không phải JSON dùng được: lồng nhau quá sâu."))
            continue
        if not isinstance(value, dict):
            yield FileRecord(number, reason=_("không phải một đối tượng JSON {…}."))
            continue
        yield _record(number, value, default_kind)
    if lines.damaged:
        yield FileRecord(lines.number + 1, reason=lines.damaged)


def _csv_records(stream: _Stream, default_kind: str) -> Iterator[FileRecord]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    lines = _Lines(stream)
    numbered = iter(lines)
    first = next(numbered, None)
    if first is None:
        if lines.damaged:
            yield FileRecord(1, reason=lines.damaged)
        return
    if problem := lines.problem(1, 1):
        yield FileRecord(1, reason=problem)
        return
    reader = csv.reader(_chain(first, numbered), delimiter=_delimiter(first))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (csv.Error, StopIteration) as error:
        yield FileRecord(1, reason=_("dòng tiêu đề CSV hỏng: %(reason)s") % {"reason": error})
        return
    if not _KNOWN.intersection(header):
        reason = _("dòng tiêu đề không có cột nào trong: %(names)s.") % {"names": ", ".join(sorted(_KNOWN))}
        yield FileRecord(1, reason=reason)
        return
    last = reader.line_num
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            last = reader.line_num
            lines.problem(start, last)
            yield FileRecord(start, reason=_("dòng CSV hỏng: %(reason)s") % {"reason": error})
            continue
        last = reader.line_num
        if problem := lines.problem(start, last):
            yield FileRecord(start, reason=problem)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            reason = _("có %(cells)d ô nhưng dòng tiêu đề chỉ có %(columns)d cột.") % {
                "cells": len(row),
                "columns": len(header),
            }
            yield FileRecord(start, reason=reason)
            continue
        yield _record(start, dict(zip(header, row, strict=False)), default_kind)
    if lines.damaged:
        yield FileRecord(lines.number + 1, reason=lines.damaged)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _delimiter(header: str) -> str:
    """The separator of the header line: Excel in Vietnamese uses ";" (the decimal mark is ",")."""
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


# --- one record ---------------------------------------------------------------------------------------------------


def record_from_fields(line: int, fields: Mapping[str, Any], default_kind: str = "article") -> FileRecord:
    """One already-parsed JSON object as a record (``lantoa analyze`` reads lines from a pipe, not a file)."""
    return _record(line, fields, default_kind)


def _record(line: int, fields: Mapping[str, Any], default_kind: str) -> FileRecord:
    values = {str(key).strip().lower(): value for key, value in fields.items()}

    def first(field: str) -> str:
        for name in _FIELDS[field]:
            if text := _scalar(values.get(name)):
                return text
        return ""

    title, lead, text = _one_line(first("title")), _one_line(first("lead")), _paragraphs(first("text"))
    if not (title or lead or text):
        return FileRecord(line, reason=_("không có nội dung (text/body/content/message, title hoặc sapo/lead)."))
    url = first("url").strip() or None
    if url is not None and not _http_url(url):
        return FileRecord(line, reason=_("url “%(url)s” không phải địa chỉ http(s).") % {"url": url[:200]})
    published = None
    raw_date = next((values[name] for name in _FIELDS["published"] if values.get(name) not in (None, "")), None)
    if raw_date is not None:
        published = _date(raw_date)
        if published is None:
            return FileRecord(line, reason=_("ngày “%(date)s” không đọc được.") % {"date": str(raw_date)[:100]})
    kind = first("kind").strip().lower() or default_kind
    if kind not in KINDS:
        reason = _("kind “%(kind)s” phải là một trong: %(kinds)s.") % {"kind": kind[:50], "kinds": ", ".join(KINDS)}
        return FileRecord(line, reason=reason)
    author = _one_line(first("author"))
    extra = {_extra(name): _extra(value) for name, value in values.items() if name not in _KNOWN}
    for name in ("page", "source"):  # also kept as such: the outlet or page, even when it is the author too
        extra[name] = _one_line(_scalar(values.get(name)))
    extra["line"] = str(line)
    item = Discovered(
        url=url,
        external_id=first("external_id").strip() or None,
        title=title,
        lead=lead,
        text=text,
        author=author,
        published=published,
        kind=kind,
        extra={name: value for name, value in extra.items() if name and value},
    )
    return FileRecord(line, item=item)


def _http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "http://[" (an unclosed IPv6 address) and the like
        return False


def _scalar(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, Mapping):  # {"name": "Báo Thái Nguyên", "id": "…"} as social exports write a page
        return _scalar(value.get("name"))
    return ""


def _extra(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("\x00", "")  # PostgreSQL refuses NUL in text


def _one_line(text: str) -> str:
    return nfc(" ".join(text.replace("\x00", "").split()))


def _paragraphs(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\x00", "").splitlines())
    return nfc("\n".join(line for line in lines if line))


def _date(value: object) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _epoch(float(value))
    raw = " ".join(str(value).split())
    if re.fullmatch(r"\d{9,13}(\.\d+)?", raw):
        return _epoch(float(raw))
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(raw.replace(" +", "+").replace(" -", "-"))
    except ValueError:
        if match := _DAY_FIRST.fullmatch(raw):
            day, month, year, hour, minute, second = match.groups()
        elif match := _TIME_FIRST.fullmatch(raw):
            hour, minute, second, day, month, year = match.groups()
        else:
            return None
        try:
            moment = datetime(  # noqa: DTZ001 - the zone is added below
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
    try:
        return moment.replace(tzinfo=VIETNAM) if moment.tzinfo is None else moment.astimezone(VIETNAM)
    except OverflowError:  # the first or last day of the calendar, moved across the date line
        return None


def _epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone(VIETNAM)
    except (OverflowError, OSError, ValueError):
        return None


KIND: SourceKind = FileKind()
