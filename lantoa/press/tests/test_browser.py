"""Chromium: a press officer opens a request from a story page in one click, routes it; the agency drafts, the
spokesperson approves, the agency records the answer; no console error under the CSP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# The database work happens in fixtures set up before the browser (see lantoa/core/tests/test_browser.py).
@pytest.fixture
def story_id(reference: None, tmp_path: Path, media_in_tmp: Path) -> int:
    from lantoa.press.tests.conftest import ingest_stories

    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    make_user("can_bo_y_te", [Role.AGENCY_OFFICER], "so-y-te")
    make_user("phat_ngon_y_te", [Role.SPOKESPERSON], "so-y-te", full_name="Lê Văn Phát")
    return int(ingest_stories(tmp_path)["h1"].pk)


def test_a_request_from_a_story_to_the_answer(live_server: Any, story_id: int, browser: Any) -> None:  # noqa: F811
    problems: list[str] = []

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
    office.goto(f"{live_server.url}/tin/su-kien/{story_id}/")
    office.click("#press-request-button")
    office.wait_for_url("**/tra-loi-bao-chi/*/")
    detail_url = office.url
    assert "Đã tiếp nhận" in office.locator("#press-status").inner_text()
    assert "VnExpress" in office.locator("main").inner_text()
    office.select_option("#id_assign-organisation", label="Sở Y tế")
    office.click("#form-assign button[type=submit]")
    office.wait_for_load_state()
    assert office.locator("#press-organisation").inner_text() == "Sở Y tế"

    agency = login("can_bo_y_te")
    agency.goto(detail_url)
    agency.fill("#id_draft-answer_text", "Sở Y tế đã kiểm tra, bệnh viện hoàn trả tiền thu sai cho người bệnh.")
    agency.click("#form-draft button[type=submit]")
    agency.wait_for_load_state()
    assert agency.locator("#press-status").inner_text() == "Đang soạn trả lời"
    assert agency.locator("#form-approve").count() == 0  # an agency officer does not approve

    spokesperson = login("phat_ngon_y_te")
    spokesperson.goto(detail_url)
    spokesperson.click("#form-approve button[type=submit]")
    spokesperson.wait_for_load_state()
    assert spokesperson.locator("#press-status").inner_text() == "Đã duyệt"

    agency.goto(detail_url)
    agency.select_option("#id_answer-channel", "press")
    agency.fill("#id_answer-url", "https://vnexpress.net/so-y-te-tra-loi.html")
    agency.click("#form-answer button[type=submit]")
    agency.wait_for_load_state()
    assert agency.locator("#press-status").inner_text() == "Đã trả lời"
    timeline = agency.locator("#press-timeline").inner_text()
    for step in ("Tiếp nhận yêu cầu", "Giao cơ quan chủ trì", "Soạn, sửa nội dung trả lời", "Duyệt nội dung",
                 "Trả lời báo chí", "Lê Văn Phát"):  # fmt: skip
        assert step in timeline, step
    assert problems == [], problems
