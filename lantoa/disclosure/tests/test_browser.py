"""Chromium: a citizen sends a request on the public form; the press office assigns it to Sở Y tế, whose officer
answers; the statistics count it on time. The public catalogue renders in Vietnamese and, after the footer's
language switch, in English. No console error under the CSP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# The database work happens in fixtures set up before the browser (see lantoa/core/tests/test_browser.py).
@pytest.fixture
def people(reference: None) -> None:
    from lantoa.disclosure import register
    from lantoa.disclosure.models import PublicationForm
    from lantoa.org.models import Organisation

    office = make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    make_user("can_bo_y_te", [Role.AGENCY_OFFICER], "so-y-te")
    values = {
        "organisation": Organisation.objects.get(code="so-y-te"), "category": "du-toan-ngan-sach",
        "title": "Dự toán ngân sách Sở Y tế năm 2026", "document_number": "", "issued_on": date(2026, 1, 20),
        "due_on": None, "form": PublicationForm.PORTAL, "published_on": date(2026, 2, 10),
        "url": "https://syt.thainguyen.gov.vn/du-toan", "note": "",
    }  # fmt: skip
    register.do_save_entry(office, values, today=date(2026, 2, 10))


def test_a_citizens_request_is_answered_on_time_and_the_catalogue_speaks_both_languages(
    live_server: Any,
    people: None,
    browser: Any,  # noqa: F811
) -> None:
    problems: list[str] = []

    def new_page() -> Any:
        page = browser.new_context(locale="vi-VN").new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    def login(username: str) -> Any:
        page = new_page()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    citizen = new_page()
    citizen.goto(f"{live_server.url}/cong-khai/thong-tin/yeu-cau/")
    citizen.fill("#id_name", "Hoàng Thị Dân")
    citizen.fill("#id_information", "Danh sách cơ sở khám bệnh được cấp phép năm 2026")
    citizen.select_option("#id_provision_form", "electronic")
    citizen.click("#public-request-form button[type=submit]")
    citizen.wait_for_load_state()
    assert "Yêu cầu chưa có thông tin liên hệ" in citizen.locator("#form-errors").inner_text()
    # The refused form answers 400 on purpose; Chromium logs that status as a console error.
    assert problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    problems.clear()
    citizen.fill("#id_email", "dan@example.vn")
    citizen.click("#public-request-form button[type=submit]")
    citizen.wait_for_url("**/yeu-cau/da-gui/")
    sent = citizen.locator("#request-sent").inner_text()
    reference = sent.split("số ")[1].split(".")[0]
    assert reference.startswith("TT-")

    office = login("bien_tap")
    office.goto(f"{live_server.url}/cong-khai-thong-tin/yeu-cau/")
    office.click(f"text={reference}")
    office.wait_for_url("**/yeu-cau/*/")
    detail_url = office.url
    assert office.locator("#request-status").inner_text() == "Đã tiếp nhận"
    office.select_option("#id_assign-organisation", label="Sở Y tế")
    office.click("#form-assign button[type=submit]")
    office.wait_for_load_state()
    assert office.locator("#request-organisation").inner_text() == "Sở Y tế"

    agency = login("can_bo_y_te")
    agency.goto(detail_url)
    agency.fill("#id_answer-text", "Danh sách 120 cơ sở được gửi kèm thư điện tử.")
    agency.click("#form-answer button[type=submit]")
    agency.wait_for_load_state()
    assert agency.locator("#request-status").inner_text() == "Đã cung cấp"
    assert "đúng hạn" in agency.locator("#request-answered").inner_text()
    timeline = agency.locator("#request-timeline").inner_text()
    for step in ("Tiếp nhận yêu cầu", "Giao cơ quan giải quyết", "Cung cấp thông tin"):
        assert step in timeline, step

    office.goto(f"{live_server.url}/cong-khai-thong-tin/thong-ke/")
    row = office.locator("#disclosure-stats tbody tr", has_text="Sở Y tế")
    assert row.locator(".on-time").inner_text() == "1" and row.locator(".late").inner_text() == "0"

    citizen.goto(f"{live_server.url}/cong-khai/thong-tin/so-y-te/")
    assert citizen.locator("html").get_attribute("lang") == "vi"
    assert "Dự toán ngân sách Sở Y tế năm 2026" in citizen.locator("#catalogue").inner_text()
    assert "Hoàng Thị Dân" not in citizen.content()
    citizen.click("footer button[value=en]")
    citizen.wait_for_load_state()
    assert citizen.locator("html").get_attribute("lang") == "en"
    assert citizen.url.endswith("/cong-khai/thong-tin/so-y-te/")
    assert "Dự toán ngân sách Sở Y tế năm 2026" in citizen.locator("#catalogue").inner_text()
    assert problems == [], problems
