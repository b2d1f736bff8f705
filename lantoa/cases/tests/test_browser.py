"""Chromium, under the CSP: a press officer opens a case from a flagged item's page, verifies, decides, checks the
evidence's integrity and closes the case, with no console error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lantoa.accounts.roles import Role
from lantoa.cases.models import Outcome
from lantoa.cases.tests.conftest import make_items
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def flagged_item(reference: None, tmp_path: Path) -> int:
    # Database work before the browser starts (see lantoa/core/tests/test_browser.py).
    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich", full_name="Trần Văn Biên")
    return int(make_items(tmp_path)["rumour"].pk)


def test_an_officer_takes_a_case_from_the_item_to_closing(
    live_server: Any,
    flagged_item: int,
    browser: Any,  # noqa: F811
) -> None:
    page = browser.new_page(locale="vi-VN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "bien_tap")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(live_server.url + reverse("monitoring:item_detail", args=[flagged_item]))
    page.click("#open-case button")
    page.wait_for_url("**/vu-viec/mo/**")
    page.fill("#open-reason", "Tin đồn vỡ đập lan truyền trong nhóm Facebook")
    page.click("#open-case-form button[type=submit]")
    page.wait_for_selector("#evidence-hash")
    assert "Đập thủy điện sắp vỡ <script>" in page.locator("h1").inner_text()  # text, not run
    assert "Mới mở" in page.locator("#case-status").inner_text()

    page.fill("#verification-note", "Chủ đập và Sở Công Thương xác nhận đập an toàn.")
    page.fill("#verification-sources", "https://thainguyen.gov.vn/thong-bao")
    page.click("#verification-form button[type=submit]")
    page.wait_for_selector("text=Đang xác minh")

    page.select_option("#outcome-outcome", Outcome.FALSE)
    page.fill("#outcome-note", "Không có sự cố nào tại đập.")
    page.click("#outcome-form button[type=submit]")
    page.wait_for_selector("#close-form")
    assert "Sai sự thật" in page.locator("#case-status").inner_text()

    page.click("#verify-integrity")
    page.wait_for_selector("#integrity-report")
    assert "mọi mã băm khớp" in page.locator(".messages").inner_text()

    page.fill("#close-note", "Đã cải chính trên Cổng thông tin tỉnh.")
    page.click("#close-form button[type=submit]")
    page.wait_for_selector("text=Đã đóng")
    timeline = page.locator("#timeline").inner_text()
    for step in ("Mở vụ việc", "Xác minh", "Kết luận", "Kiểm tra toàn vẹn", "Đóng vụ việc"):
        assert step in timeline, step
    assert "Sai sự thật" in page.locator("#case-status").inner_text()
    # Checked through the page only: the ORM must not open a connection once Playwright's loop runs here.
    assert problems == [], problems
