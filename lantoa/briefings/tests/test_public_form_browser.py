"""Chromium fills in the public question form under the CSP: the honeypot stays invisible, a too-fast submission is
refused with a Vietnamese message and nothing stored, the retry after the minimum time goes through."""

from __future__ import annotations

from typing import Any

import pytest

from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.factories import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def open_briefing(reference: None, settings: Any) -> int:
    from lantoa.briefings.tests.helpers import make_briefing

    settings.BRIEFINGS_FORM_MIN_SECONDS = 2
    return int(make_briefing().pk)


def test_a_journalist_sends_a_question(live_server: Any, open_briefing: int, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(locale="vi-VN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/cong-khai/giao-ban/")
    page.click("main a.button")
    page.wait_for_url("**/dat-cau-hoi/")
    assert "Giao ban báo chí tháng 3 <script>" in page.locator("h1").inner_text()
    assert not page.locator("#id_trang_web").is_visible() or page.locator("#id_trang_web").bounding_box()["x"] < 0
    page.fill("#id_journalist_name", "Phạm Phóng Viên")
    page.fill("#id_outlet_name", f"Báo {HOSTILE}")
    page.fill("#id_email", "pv@example.vn")
    page.fill("#id_text", "Tiến độ giải phóng mặt bằng dự án đường vành đai 5 đến nay ra sao?")
    page.click("#question-form button[type=submit]")  # within the 2 s: refused
    page.locator("#form-errors").wait_for(timeout=10000)
    assert "quá nhanh" in page.locator("#form-errors").inner_text()
    assert page.locator("#id_text").input_value().startswith("Tiến độ")  # what was typed is kept
    page.wait_for_timeout(2200)
    page.click("#question-form button[type=submit]")
    page.locator("#thanks").wait_for(timeout=10000)
    # The refused submission is answered 400 (the console reports it); nothing else may go wrong.
    assert [p for p in problems if "status of 400" not in p] == [], problems
    assert len(problems) == 1
