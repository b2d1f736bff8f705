"""XLSX exports: text that looks like a formula stays text; dates are dates."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from lantoa.core.xlsx import Sheet, workbook_bytes


def test_formula_like_text_is_written_as_text_and_dates_as_dates() -> None:
    hostile = '=HYPERLINK("http://evil.example","bấm vào đây")'
    data = workbook_bytes(
        [Sheet("Ý kiến", ["Nội dung", "Ngày"], [[hostile, date(2026, 3, 5)], ["+1", None]], "Tiêu đề")]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "Tiêu đề" and sheet["A2"].value == "Nội dung"
    assert (sheet["A3"].value, sheet["A3"].data_type) == (hostile, "s")
    assert sheet["B3"].is_date and sheet["B3"].number_format == "DD/MM/YYYY"
    assert (sheet["A4"].value, sheet["A4"].data_type) == ("+1", "s")
