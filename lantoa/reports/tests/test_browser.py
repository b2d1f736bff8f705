"""Chromium: a press officer drafts the quarterly report, edits "Tồn tại, hạn chế", downloads the Word document (it
holds the edited text) and issues the report; no console error under the CSP."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDITED = "Một số sở, ngành trả lời báo chí chậm so với thời hạn của Luật Báo chí."


# The database work happens in fixtures set up before the browser (see lantoa/core/tests/test_browser.py).
@pytest.fixture
def officer(reference: None) -> None:
    make_user("bien_tap_bao_cao", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")


def test_an_officer_drafts_edits_downloads_and_issues(
    live_server: Any,
    officer: None,
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    problems: list[str] = []
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "bien_tap_bao_cao")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/bao-cao/")
    page.select_option("#new-ky", "quarter")
    page.select_option("#new-quy", "3")
    page.select_option("#new-nam", "2026")
    page.click("#form-create button[type=submit]")
    page.wait_for_url("**/bao-cao/*/")
    assert "Dự thảo" in page.locator("#report-status").inner_text()
    assert "QUÝ III NĂM 2026" in page.locator("#report-document").inner_text()

    page.fill("#id_shortcomings", EDITED)
    page.click("#form-texts button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#report-shortcomings").inner_text().strip() == EDITED

    with page.expect_download() as info:
        page.click("#report-download")
    download = info.value
    assert download.suggested_filename == "bao-cao-quy-3-2026-du-thao.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(saved.read_bytes())).paragraphs]
    heading = paragraphs.index("II. TỒN TẠI, HẠN CHẾ")
    assert paragraphs[heading + 1] == EDITED and paragraphs[heading + 2] == "III. PHƯƠNG HƯỚNG, NHIỆM VỤ"

    page.click("#form-issue button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#report-status").inner_text().startswith("Số: 01/BC-")
    assert page.locator("#form-texts").count() == 0  # issued: no longer editable
    assert problems == [], problems
