"""Chromium draws the dashboard's charts (vendored Chart.js, data through json_script, no inline script) under the
CSP, with no console error; a filter reloads them."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.factories import HOSTILE
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def coverage(reference: None) -> None:
    from lantoa.monitoring.models import Story
    from lantoa.trends.tests.helpers import make_item

    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    now = timezone.now()
    story = Story.objects.create(title=f"Sạt lở {HOSTILE}", relevant=True, outlet_count=3, item_count=3)
    for day in range(0, 40):
        for n in range(2 + day % 7):
            polarity = ("neg", "neu", "pos")[n % 3]
            make_item(now - timedelta(days=day, hours=n + 1), polarity=polarity, sector="health",
                      story=story if day == 0 else None, title=f"Tin {day}-{n} {HOSTILE}")  # fmt: skip


def drawn_colours(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 16) or [])


def test_the_dashboard_draws_its_charts(live_server: Any, coverage: None, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(locale="vi-VN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "bien_tap")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    # dashboard.js marks each canvas once Chart.js has drawn it (a locator: the CSP forbids evaluating strings).
    page.locator("canvas[data-drawn]").nth(2).wait_for(timeout=10000)
    assert page.locator("canvas[data-drawn]").count() == 3
    for name in ("forecast", "polarity", "hourly"):
        canvas = page.locator(f"#canvas-{name}")
        assert canvas.bounding_box()["height"] > 100
        assert drawn_colours(canvas.screenshot()) > 20, name  # bars, lines, labels: not a blank canvas
    assert "Sạt lở <script>" in page.locator("#negative-stories").inner_text()  # shown as text, not run

    page.select_option("#linh_vuc", "economy")
    page.click("form.toolbar button[type=submit]")
    page.wait_for_url("**linh_vuc=economy**")
    page.locator("canvas[data-drawn]").nth(2).wait_for(timeout=10000)
    assert "Không có tin tiêu cực nào." in page.locator("#negative-stories").inner_text()
    assert problems == [], problems
