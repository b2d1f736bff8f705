"""Chromium: an agency officer reports progress on a task (form → saved) and the press office sees it in the
matrix; under the CSP, with no console error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.plans.loader import load_plan
from lantoa.plans.tests.conftest import SMALL_PLAN, write_plan
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_an_agency_reports_and_the_press_office_sees_it(
    live_server: Any,
    reference: None,
    browser: Any,  # noqa: F811 - the imported fixture
    tmp_path: Path,
) -> None:
    load_plan(write_plan(tmp_path, SMALL_PLAN))
    make_user("can_bo_so_y_te", [Role.AGENCY_OFFICER], "so-y-te")
    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    problems: list[str] = []
    report_file = tmp_path / "bao-cao-thang-3.pdf"
    report_file.write_bytes(b"%PDF-1.4\n%%EOF\n")

    page = browser.new_page(locale="vi-VN")
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/ke-hoach/cua-don-vi/?hien_thi=ca-nam")
    row = page.locator("#plan-mine tr", has_text="Tháng 3/2026").filter(has_text="II.1.1")
    row.get_by_role("link", name="Báo cáo").click()
    page.wait_for_selector("#report-form")
    page.select_option("#id_status", "done")
    page.fill("#id_text", "Đã đăng 12 tin, bài về chính sách y tế cơ sở.")
    page.fill("#id_articles", "12")
    page.fill("#id_people_reached", "3500")
    page.set_input_files("#id_files", str(report_file))
    page.click("#report-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert "Đã lưu báo cáo tiến độ." in page.locator(".messages").inner_text()
    assert page.locator("#occurrence-state").inner_text() == "Hoàn thành"
    assert "bao-cao-thang-3.pdf" in page.locator("#report-history").inner_text()

    office = browser.new_page(locale="vi-VN")
    office.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    log_in(office, live_server.url, "bien_tap")
    office.goto(f"{live_server.url}/ke-hoach/2026/theo-doi/")
    office.select_option("#thang", "2026-03")
    office.select_option("#loai", "department")
    office.click("#matrix-filters button[type=submit]")
    office.wait_for_url("**thang=2026-03**")
    cell = office.locator('tr[data-org="so-y-te"] td').nth(1)
    assert cell.inner_text() == "Hoàn thành"
    cell.locator("a").click()
    office.wait_for_selector("#report-history")
    assert "Đã đăng 12 tin, bài" in office.locator("#report-history").inner_text()
    assert problems == [], problems
