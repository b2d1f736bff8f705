"""Chromium: an agency officer creates a campaign and a content item with an LED variant and submits it; the
spokesperson (the chain's only step) approves; the officer produces the radio bulletin (the WAV's duration read
back) and the LED slide (its PNG's size read back), then records the item as published with its link."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.roles import Role
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.fixtures import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def people(reference: None, settings: Any, tmp_path: Path) -> None:
    from lantoa.campaigns import services
    from lantoa.org.models import Organisation

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    officer = make_user("bs_hoa", [Role.AGENCY_OFFICER], "so-y-te", full_name="Phạm Thị Hoà")
    spokesperson = make_user("pgd_nam", [Role.SPOKESPERSON], "so-y-te", full_name="Lê Văn Nam")
    chain = services.do_create_chain(officer, Organisation.objects.get(code="so-y-te"), "Duyệt tin")
    services.do_add_step(officer, chain, user=spokesperson)


def login(chromium: Any, base: str, username: str, problems: list[str]) -> Any:
    page = chromium.new_context(locale="vi-VN", accept_downloads=True).new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def download(page: Any, kind: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"#outputs a[data-kind={kind}]").first.click()
    return Path(info.value.path()).read_bytes()


def test_campaign_from_creation_to_publication(live_server: Any, people: None, browser: Any) -> None:  # noqa: F811
    problems: list[str] = []
    base = live_server.url
    officer = login(browser, base, "bs_hoa", problems)
    officer.goto(f"{base}/chien-dich/")
    officer.fill("#id_title", "Tiêm chủng mở rộng 2026 <b>")
    officer.select_option("#id_organisation", label="Sở Y tế")
    officer.fill("#id_starts_on", "01/03/2026")
    officer.fill("#id_ends_on", "31/05/2026")
    officer.check("input[name=channels][value=radio]")
    officer.check("input[name=channels][value=led]")
    officer.click("#lap-chien-dich button[type=submit]")
    officer.wait_for_url("**/chien-dich/*/")
    assert officer.locator("h1").inner_text() == "Tiêm chủng mở rộng 2026 <b>"  # text, not markup

    officer.fill("#id_title", "Tiêm vắc xin sởi miễn phí")
    officer.fill("#id_body", "Từ ngày 01/3/2026, trạm y tế các xã tiêm miễn phí vắc xin sởi cho trẻ dưới 5 tuổi.")
    officer.fill("#id_planned_on", "02/03/2026")
    officer.click("#them-noi-dung button[type=submit]")
    officer.wait_for_url("**/chien-dich/noi-dung/*/")
    item_url = officer.url
    officer.select_option("#variant-form #id_channel", "led")
    officer.fill("#variant-form #id_title", "Tiêm sởi miễn phí")
    officer.fill("#variant-form #id_body", "Trẻ dưới 5 tuổi\n\nTại trạm y tế xã")
    officer.fill("#variant-form #id_scheduled_on", "03/03/2026")
    officer.click("#variant-form button[value=variant]")
    assert "Đã lưu nội dung theo kênh." in officer.locator(".messages").inner_text()
    officer.click("button[value=submit]")
    assert officer.locator("#trang-thai").inner_text() == "Đang trình duyệt"
    assert officer.locator("button[value=approve]").count() == 0  # the drafter is not in the chain

    spokesperson = login(browser, base, "pgd_nam", problems)
    spokesperson.goto(f"{base}/chien-dich/")
    spokesperson.locator("#cho-duyet a", has_text="Tiêm vắc xin sởi miễn phí").click()
    spokesperson.fill("#approval-note", "Đồng ý đăng")
    spokesperson.click("button[value=approve]")
    assert spokesperson.locator("#trang-thai").inner_text() == "Đã duyệt"

    officer.goto(item_url)
    officer.click("button[value=led]")
    assert "Đã tạo 2 tệp." in officer.locator(".messages").inner_text()
    from PIL import Image

    with Image.open(io.BytesIO(download(officer, "led_png"))) as image:
        assert image.size == (1920, 1080)

    officer.select_option("#manual-form #id_channel", "portal")
    officer.fill("#manual-form #id_where", "Cổng thông tin điện tử tỉnh")
    officer.fill("#manual-form #id_url", "https://thainguyen.gov.vn/tin/tiem-soi")
    officer.click("#manual-form button[value=mark_published]")
    assert officer.locator("#trang-thai").inner_text() == "Đã đăng"
    assert "https://thainguyen.gov.vn/tin/tiem-soi" in officer.locator("#records").inner_text()
    officer.goto(f"{base}/chien-dich/")
    officer.locator("#campaigns a").first.click()
    assert "03/03/2026" in officer.locator("#lich").inner_text()  # the LED day on the calendar

    if shutil.which("espeak-ng") is None:
        assert problems == [], problems
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng): the radio bulletin's audio is not made")
    officer.goto(item_url)
    officer.click("button[value=radio]")
    assert "Đã tạo 2 tệp." in officer.locator(".messages").inner_text()
    from lantoa.campaigns.outputs.radio import wav_duration_seconds

    seconds = wav_duration_seconds(download(officer, "radio_wav"))
    assert seconds > 5
    shown = f"{round(seconds, 1)} giây".replace(".", ",")  # Vietnamese decimal comma
    assert shown in officer.locator("#outputs").inner_text()
    assert "sởi" in download(officer, "radio_script").decode()
    assert problems == [], problems
