"""The PNG chart helper the weekly digest calls: a real PNG, Vietnamese labels drawn, from stored items too."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from lantoa.trends.charts import daily_bar_chart_png, polarity_week_png
from lantoa.trends.tests.helpers import local, make_item


def test_a_polarity_bar_chart_is_a_png_of_the_asked_size() -> None:
    days = [date(2026, 3, 1) + timedelta(days=n) for n in range(7)]
    png = daily_bar_chart_png(
        days, {"neg": [1, 2, 0, 3, 1, 0, 2], "neu": [5] * 7, "pos": [2] * 7},
        title="Tin theo chiều hướng — tuần 09/2026 (Đắk Lắk, Thái Nguyên)", dpi=100,
    )  # fmt: skip
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (700, 320)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
    rgb = {colour for _count, colour in colours}
    assert (180, 35, 42) in rgb and (31, 122, 61) in rgb  # the negative and positive bars


def test_missing_glyphs_would_warn(recwarn: pytest.WarningsRecorder) -> None:
    daily_bar_chart_png([date(2026, 3, 1)], {"x": [1]}, labels={"x": "Lũ quét ở Định Hóa, Đại Từ"}, title="Ứng phó")
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


@pytest.mark.django_db
def test_the_week_by_polarity_from_stored_items() -> None:
    make_item(local(2026, 3, 7, 23, 30), polarity="neg")
    png = polarity_week_png(date(2026, 3, 7))
    assert png.startswith(b"\x89PNG")
