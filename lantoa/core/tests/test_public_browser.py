"""Chromium: every public page (no account) renders in Vietnamese and, after the footer's language switch, in
English — with no console error under the CSP (issue H, foreign audiences)."""

from __future__ import annotations

from typing import Any

import pytest

from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_PAGES = {
    "/gop-y/": ("Góp ý", "Comment"),
    "/cong-khai/diem-tin/": ("Điểm tin báo chí công bố", "Published press digests"),
    "/cong-khai/giao-ban/nguoi-phat-ngon/": ("phát ngôn", "pokesperson"),
    "/cong-khai/thong-tin/": ("thông tin", "nformation"),
    "/cong-khai/tra-loi-bao-chi/": ("báo chí", "ress"),
    "/cong-khai/giao-ban/": ("Giao ban", "riefing"),
}


def test_the_public_pages_speak_vietnamese_then_english(live_server: Any, reference: None,
                                                         browser: Any) -> None:  # noqa: F811  # fmt: skip
    problems: list[str] = []
    page = browser.new_context(locale="en-US").new_page()  # an English browser still gets Vietnamese first
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path, (vietnamese, _english) in PUBLIC_PAGES.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == "vi", path
        assert vietnamese in page.inner_text("main"), path
    page.click("form.langswitch button[value=en]")
    page.wait_for_load_state()
    for path, (_vietnamese, english) in PUBLIC_PAGES.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == "en", path
        assert english in page.inner_text("main"), path
    assert problems == []
