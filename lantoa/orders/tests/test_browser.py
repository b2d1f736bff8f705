"""Chromium: the press office allocates a budget line; Sở Y tế orders from a press agency, issues the order,
records a delivered article and accepts it; the budget summary shows the spending. No console error under the CSP."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# The database work happens in fixtures set up before the browser (see lantoa/core/tests/test_browser.py).
@pytest.fixture
def people(reference: None) -> None:
    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    make_user("can_bo_y_te", [Role.AGENCY_OFFICER], "so-y-te", full_name="Trần Thị Nghiệm")


def test_budget_line_order_delivery_acceptance_then_the_summary(live_server: Any, people: None, browser: Any) -> None:  # noqa: F811
    problems: list[str] = []
    year = timezone.localdate().year
    today = f"{timezone.localdate():%d/%m/%Y}"

    def login(username: str) -> Any:
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    office = login("bien_tap")
    office.goto(f"{live_server.url}/dat-hang/kinh-phi/")
    office.click("#line-create")
    office.select_option("#id_organisation", label="Sở Y tế")
    office.fill("#id_name", "Tuyên truyền chính sách y tế")
    office.fill("#id_amount", "100.000.000")
    office.click("#line-form button[type=submit]")
    office.wait_for_url(f"**/dat-hang/kinh-phi/?nam={year}")
    assert "100.000.000 đ" in office.locator("#budget-summary").inner_text()

    agency = login("can_bo_y_te")
    agency.goto(f"{live_server.url}/dat-hang/")
    agency.click("#order-create")
    agency.select_option("#id_outlet", label="Báo và Phát thanh, Truyền hình Thái Nguyên")
    agency.fill("#id_title", "Loạt bài tuyên truyền bảo hiểm y tế")
    agency.select_option("#id_product_kind", "article")
    agency.fill("#id_quantity", "3")
    agency.fill("#id_unit_price", "2.500.000")
    agency.fill("#id_starts_on", f"01/01/{year}")
    agency.fill("#id_ends_on", f"31/12/{year}")
    agency.select_option("#id_budget_line", index=1)
    agency.click("#order-form button[type=submit]")
    agency.wait_for_url("**/dat-hang/*/")
    assert agency.locator("#order-status").inner_text() == "Dự thảo"
    assert agency.locator("#order-amount").inner_text() == "7.500.000 đ"
    agency.click("#form-issue button[type=submit]")
    agency.wait_for_load_state()
    assert agency.locator("#order-status").inner_text() == "Đã đặt hàng"
    agency.fill("#id_deliver-title", "Bảo hiểm y tế cho học sinh")
    agency.fill("#id_deliver-delivered_on", today)
    agency.fill("#id_deliver-url", "https://baothainguyen.vn/bao-hiem-y-te.html")
    agency.click("#form-deliver button[type=submit]")
    agency.wait_for_load_state()
    assert agency.locator("#order-status").inner_text() == "Đang thực hiện"
    agency.click(".accept-delivery button[type=submit]")
    agency.wait_for_load_state()
    assert "1/3 · 2.500.000 đ" in agency.locator("#order-accepted").inner_text()
    timeline = agency.locator("#order-timeline").inner_text()
    for step in ("Lập đặt hàng", "Đặt hàng", "Ghi nhận sản phẩm bàn giao", "Nghiệm thu sản phẩm", "Trần Thị Nghiệm"):
        assert step in timeline, step

    office.goto(f"{live_server.url}/dat-hang/kinh-phi/?nam={year}")
    row = office.locator("#budget-summary tbody tr").first
    assert row.locator(".committed").inner_text() == "7.500.000 đ"
    assert row.locator(".spent").inner_text() == "2.500.000 đ"
    assert row.locator(".remaining").inner_text() == "92.500.000 đ"
    assert problems == [], problems
