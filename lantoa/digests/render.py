"""A digest as a Word document (Decree 30/2020 format), as HTML (the page in the app and the source of the PDF) and
as PDF (WeasyPrint). One input for all three: ``Rendering``, built from an issued or draft ``Digest`` or straight
from ``content.collect`` (the command line).

The documents are in Vietnamese whatever the reader's interface language: they are official documents of a
Vietnamese body (Decree 30/2020), so their words are written here, not translated.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lantoa.core.docx30 import Header, OfficialDocument, Recipients, Signature
from lantoa.digests.content import ATTENTION, DigestData
from lantoa.monitoring.labels import LABEL_NAMES

TITLE = "ĐIỂM TIN BÁO CHÍ"


class EntryLike(Protocol):
    section: str
    title: str
    outlet_name: str
    other_outlets: int
    published_at: datetime | None
    summary: str
    url: str
    polarity: str
    sector: str
    communes: list[str]
    agencies: list[str]
    misinfo_risk: float | None
    note: str
    excluded: bool


@dataclass
class Section:
    key: str
    title: str
    entries: list[EntryLike]
    omitted: int = 0


@dataclass
class Rendering:
    period: str
    day: date
    start: datetime
    end: datetime
    number: int  # 0: not issued yet
    note: str
    sections: list[Section]
    stats: dict[str, Any]

    @property
    def number_line(self) -> str:
        return number_line(self.number)

    @property
    def span_line(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"(Từ {start:%H} giờ {start:%M} ngày {start:%d/%m/%Y} đến {end:%H} giờ {end:%M} ngày {end:%d/%m/%Y})"

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def number_line(number: int) -> str:
    """ "Số: 05/ĐT-SVHTTDL" (below 10 with a leading 0, Decree 30); blanks for the number of a draft."""
    shown = f"{number:02d}" if number else " " * 6
    return f"Số: {shown}/ĐT-{settings.DIGEST_BODY_ABBREVIATION}"


def sector_name(code: str) -> str:
    return str(LABEL_NAMES["sector"].get(code, code))


def polarity_name(code: str) -> str:
    return str(LABEL_NAMES["polarity"].get(code, code))


def build(
    period: str, day: date, start: datetime, end: datetime, entries: Sequence[EntryLike], stats: dict[str, Any],
    *, number: int = 0, note: str = "",
) -> Rendering:  # fmt: skip
    """Group the (kept) entries into sections in their order: attention first, then one section per sector."""
    sections: dict[str, Section] = {}
    for entry in entries:
        if entry.excluded:
            continue
        if entry.section not in sections:
            title = (
                "Tin cần chú ý (tiêu cực, cần xác minh)" if entry.section == ATTENTION else sector_name(entry.section)
            )
            sections[entry.section] = Section(entry.section, title, [])
        sections[entry.section].entries.append(entry)
    for key, count in stats.get("omitted", {}).items():
        if key in sections:
            sections[key].omitted = count
    ordered = sorted(sections.values(), key=lambda section: section.key != ATTENTION)  # stable: keeps sector order
    return Rendering(period, day, start, end, number, note, ordered, stats)


def from_data(data: DigestData) -> Rendering:
    return build(data.period, data.day, data.start, data.end, data.entries, data.stats)


def _when(entry: EntryLike) -> str:
    return f"{timezone.localtime(entry.published_at):%H:%M %d/%m/%Y}" if entry.published_at else ""


def _byline(entry: EntryLike) -> str:
    parts = [entry.outlet_name or "—"]
    if entry.published_at:
        parts.append(_when(entry))
    line = ", ".join(parts)
    if entry.other_outlets:
        line += f"; và {entry.other_outlets} cơ quan báo chí khác đăng lại"
    return line


def _concerns(entry: EntryLike) -> str:
    parts = [f"Chiều hướng: {polarity_name(entry.polarity)}"]
    if entry.communes:
        parts.append("Địa bàn: " + ", ".join(entry.communes[:6]))
    if entry.agencies:
        parts.append("Cơ quan liên quan: " + ", ".join(entry.agencies[:4]))
    if entry.misinfo_risk is not None and entry.misinfo_risk >= 0.7:
        parts.append(f"Cần xác minh (nguy cơ tin sai {entry.misinfo_risk:.0%})")
    return ". ".join(parts) + "."


def weekly_chart_png(daily: Sequence[dict[str, Any]]) -> bytes:
    """Stacked bars: the week's stories per day by polarity (the weekly digest's chart, Vietnamese labels)."""
    from lantoa.trends.charts import daily_bar_chart_png

    days = [date.fromisoformat(row["day"]) for row in daily]
    series = {key: [int(row.get(key, 0)) for row in daily] for key in ("neg", "neu", "pos")}
    with translation.override("vi"):
        return daily_bar_chart_png(days, series, title="Tin về tỉnh theo ngày và chiều hướng", width_inches=6.3)


def _count_rows(rows: Sequence[dict[str, Any]], name: Any) -> list[list[str]]:
    table = []
    for row in rows:
        change = row["count"] - row["previous"]
        table.append([str(name(row)), str(row["count"]), str(row["previous"]), f"{change:+d}" if change else "0"])
    return table


def docx_bytes(rendering: Rendering) -> bytes:
    with translation.override("vi"):
        return _docx_bytes(rendering)


def _docx_bytes(rendering: Rendering) -> bytes:
    header = Header(
        parent_body=settings.DIGEST_PARENT_BODY,
        body=settings.DIGEST_BODY,
        number=rendering.number_line,
        place=settings.DIGEST_PLACE,
        day=rendering.day,
    )
    title = TITLE if rendering.period == "day" else f"{TITLE} TUẦN"
    document = OfficialDocument(header, title, rendering.span_line)
    if rendering.note:
        document.paragraph([("i", rendering.note)])
    for index, section in enumerate(rendering.sections):
        document.heading(f"{_roman(index)}. {section.title.upper()} ({len(section.entries)} tin)")
        for number, entry in enumerate(section.entries, 1):
            document.paragraph([("b", f"{number}. {entry.title}"), ("i", f" ({_byline(entry)})")])
            if entry.summary:
                document.paragraph(entry.summary)
            document.paragraph([("", _concerns(entry)), ("i", f" {entry.url}" if entry.url else "")])
            if entry.note:
                document.paragraph([("bi", "Ghi chú: "), ("i", entry.note)])
        if section.omitted:
            document.paragraph([("i", f"Và {section.omitted} tin khác trong lĩnh vực này (xem trên Lantoa).")])
    stats = rendering.stats
    document.heading(f"{_roman(len(rendering.sections))}. SỐ LIỆU SO VỚI KỲ TRƯỚC")
    document.paragraph(
        f"Tổng số sự kiện tin về tỉnh: {stats.get('stories', 0)} (kỳ trước: {stats.get('previous_stories', 0)})."
    )
    headings = ["", "Kỳ này", "Kỳ trước", "Tăng, giảm"]
    widths = (7.5, 3.0, 3.0, 3.0)
    document.table(
        ["Chiều hướng", *headings[1:]],
        _count_rows(stats.get("polarity", []), lambda r: polarity_name(r["key"])),
        widths,
    )
    document.table(
        ["Lĩnh vực", *headings[1:]], _count_rows(stats.get("sector", []), lambda r: sector_name(r["key"])), widths
    )
    if stats.get("commune"):
        document.table(["Xã, phường", *headings[1:]], _count_rows(stats["commune"], lambda r: r["name"]), widths)
    if rendering.period == "week" and stats.get("daily"):
        document.picture(weekly_chart_png(stats["daily"]))
    document.closing(
        Recipients(
            [
                "- Thường trực Tỉnh ủy, UBND tỉnh (b/c);",
                "- Các sở, ban, ngành tỉnh;",
                "- UBND các xã, phường;",
                f"- Lưu: VT, {settings.DIGEST_BODY_ABBREVIATION}.",
            ]
        ),
        Signature(authority="TL. GIÁM ĐỐC", title="TRƯỞNG PHÒNG QUẢN LÝ BÁO CHÍ"),
    )
    return document.to_bytes()


def _roman(index: int) -> str:
    numerals = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI")
    return numerals[index] if index < len(numerals) else str(index + 1)


def html_context(rendering: Rendering) -> dict[str, Any]:
    """The context of ``digests/_document.html``; the labels in Vietnamese, as in the Word document."""
    with translation.override("vi"):
        return _html_context(rendering)


def _html_context(rendering: Rendering) -> dict[str, Any]:
    chart = ""
    if rendering.period == "week" and rendering.stats.get("daily"):
        chart = "data:image/png;base64," + base64.b64encode(weekly_chart_png(rendering.stats["daily"])).decode()
    stats = rendering.stats
    return {
        "r": rendering,
        "title": TITLE if rendering.period == "day" else f"{TITLE} TUẦN",
        "parent_body": settings.DIGEST_PARENT_BODY,
        "body": settings.DIGEST_BODY,
        "place": settings.DIGEST_PLACE,
        "sections": [
            {
                "roman": _roman(i),
                "section": section,
                "rows": [{"entry": e, "byline": _byline(e), "concerns": _concerns(e)} for e in section.entries],
            }
            for i, section in enumerate(rendering.sections)
        ],
        "stats_roman": _roman(len(rendering.sections)),
        "count_tables": [
            ("Chiều hướng", _count_rows(stats.get("polarity", []), lambda r: polarity_name(r["key"]))),
            ("Lĩnh vực", _count_rows(stats.get("sector", []), lambda r: sector_name(r["key"]))),
            ("Xã, phường", _count_rows(stats.get("commune", []), lambda r: r["name"])),
        ],
        "chart": chart,
        "abbreviation": settings.DIGEST_BODY_ABBREVIATION,
        "pdf_fonts": settings.DIGEST_PDF_FONTS,
    }


def html_document(rendering: Rendering) -> str:
    """A standalone HTML document (the PDF's source, and the ``--format html`` output)."""
    context = html_context(rendering)
    with translation.override("vi"):
        return render_to_string("digests/print.html", context)


def pdf_bytes(rendering: Rendering) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html_document(rendering)).write_pdf())
