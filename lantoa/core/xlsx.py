"""Excel exports (.xlsx) that an office opens, filters and prints: one sheet per table, a bold frozen heading
row, column widths from the content, dates as real dates (dd/mm/yyyy), a title row above the table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | date | datetime | None


@dataclass
class Sheet:
    name: str  # at most 31 characters (Excel's limit); cut if longer
    headings: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    title: str = ""  # a line above the table, e.g. "Danh sách người phát ngôn (cập nhật 26/11/2026)"


def _plain(value: Cell) -> Cell:
    # Excel has no time zones: aware datetimes are written as the local wall-clock time they mean.
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        page = book.create_sheet(sheet.name[:31])
        offset = 0
        if sheet.title:
            page.append([sheet.title])
            page.cell(row=1, column=1).font = Font(bold=True, size=13)
            offset = 1
        page.append(list(sheet.headings))
        for cell in page[offset + 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [len(str(heading)) for heading in sheet.headings]
        for row in sheet.rows:
            values = [_plain(value) for value in row]
            page.append(values)
            for column, value in enumerate(values):
                text = value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else str(value or "")
                widths[column] = max(widths[column], min(len(text), 60))
        for column, width in enumerate(widths, 1):
            page.column_dimensions[get_column_letter(column)].width = width + 2
        for row_cells in page.iter_rows(min_row=offset + 2):
            for cell in row_cells:
                if cell.data_type == "f":
                    # openpyxl turns any text starting with "=" into a formula; citizens' comments, press titles and
                    # requesters' text reach these sheets ("=HYPERLINK(...)", OWASP "CSV injection"): keep it text.
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        page.freeze_panes = page.cell(row=offset + 2, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
