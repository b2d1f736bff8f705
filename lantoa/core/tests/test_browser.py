"""A real browser (Debian's chromium, driven by Playwright) logs in and uses the Vietnamese pages."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.roles import Role
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium tries to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def officer(reference: None) -> None:
    make_user("bac_si_hoa", [Role.AGENCY_OFFICER], "so-y-te", full_name="Phạm Thị Hoà")


@pytest.fixture
def news_item(reference: None) -> int:
    from lantoa.monitoring.models import Item, ItemStatus, Source, SourceKind

    make_user("bien_tap", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")
    source = Source.objects.create(name="Báo thử", kind=SourceKind.FILE)
    item = Item.objects.create(
        source=source, key="id:1", title="Khánh thành cầu mới ở Phú Bình", body="Huyện Phú Bình khánh thành cầu.",
        status=ItemStatus.STORED, relevant=True, polarity="neu", sector="transport-construction",
    )  # fmt: skip
    return int(item.pk)


# The database work happens in fixtures set up before the browser: once Playwright's event loop runs in this
# thread, a connection opened here would belong to another context and outlive the test database.
def test_an_officer_logs_in_and_sees_the_vietnamese_dashboard(
    live_server: Any, officer: None, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(locale="vi-VN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    page.fill("#id_username", "bac_si_hoa")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Tổng quan"
    assert "Phạm Thị Hoà" in page.locator("main").inner_text()
    assert "Cán bộ cơ quan, đơn vị" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    # htmx (vendored, under the CSP) filters the list as the officer types.
    page.click("text=Cơ quan, đơn vị")
    page.wait_for_selector("#organisation-rows tr")
    page.fill("#q", "khong co")
    # A locator, not wait_for_function: the CSP forbids evaluating strings, Playwright's included.
    page.locator("#organisation-rows").get_by_text("Không có cơ quan nào phù hợp.").wait_for(timeout=5000)
    page.fill("#q", "so y te")
    page.locator("#organisation-rows a", has_text="Sở Y tế").wait_for(timeout=5000)
    assert page.locator("#organisation-rows tr").count() == 1
    assert problems == [], problems


def test_an_officer_corrects_a_label_in_one_click(live_server: Any, news_item: int, browser: Any) -> None:
    page = browser.new_page(locale="vi-VN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "bien_tap")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/tin/{news_item}/")
    assert "máy gán" in page.locator("#item-labels").inner_text()
    page.locator("#item-labels button", has_text="Tích cực").click()  # htmx swaps the labels in place
    page.locator("#item-labels .badge.ok", has_text="đã sửa").wait_for(timeout=5000)
    assert "Tích cực" in page.locator("#item-labels tr", has_text="Chiều hướng tin").inner_text()
    assert problems == [], problems
