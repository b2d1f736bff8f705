"""Done-when of issue F in Chromium: an officer imports a Word draft built here, corrects nothing, publishes; a
citizen comments on article 3 and verifies with the code mailed to a local SMTP server; the officer approves it,
writes the synthesis and downloads the report, which reads back with the right groups. axe-core checks the public
list, the draft page and the comment form against WCAG 2.1 A/AA."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from lantoa.accounts.roles import Role
from lantoa.consultation.tests.drafts import draft_docx
from lantoa.core.tests.test_browser import browser  # noqa: F401 - the fixture
from lantoa.testing.factories import HOSTILE
from lantoa.testing.fixtures import PASSWORD, make_user
from lantoa.testing.smtp import Mailbox

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def officer(reference: None) -> None:
    make_user("bac_si_hoa", [Role.AGENCY_OFFICER], "so-y-te", full_name="Phạm Thị Hoà")


def axe_violations(chromium: Any, url: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on ``url``. The script is injected in a context that bypasses the
    page's CSP (our CSP rightly refuses injected scripts); the page itself is the one citizens get."""
    context = chromium.new_context(bypass_csp=True, locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG,
    )
    context.close()
    return list(result)


def test_import_publish_comment_verify_moderate_synthesise_report(
    live_server: Any,
    officer: None,
    smtp_server: Mailbox,
    browser: Any,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    problems: list[str] = []
    draft_file = tmp_path / "du-thao-via-he.docx"
    draft_file.write_bytes(draft_docx())

    back = browser.new_page(locale="vi-VN")
    back.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    back.goto(f"{live_server.url}/dang-nhap/")
    back.fill("#id_username", "bac_si_hoa")
    back.fill("#id_password", PASSWORD)
    back.click("button[type=submit]")
    back.wait_for_url(f"{live_server.url}/")
    back.goto(f"{live_server.url}/lay-y-kien/")
    back.fill("#id_title", "Quyết định ban hành Quy định về quản lý vỉa hè")
    back.click("form.card button[type=submit]")
    back.wait_for_url(re.compile(r"/lay-y-kien/\d+/$"))
    detail_url = back.url
    back.set_input_files("#id_draft", str(draft_file))
    back.click("button:has-text('Nhập và tách điều khoản')")
    back.wait_for_url(re.compile(r"/ban-du-thao/"))
    assert "4 điều" in back.locator(".messages").inner_text()
    assert back.locator("input[value='Điều 3']").count() == 1
    back.goto(detail_url)
    back.fill("#f_closes", "2099-12-31T17:00")
    back.fill("#f_summary", "Quy định việc sử dụng tạm thời vỉa hè, lòng đường.")
    back.click("#luu-thong-tin")
    back.click("#chuyen-giai-doan")
    assert back.locator("#giai-doan").inner_text() == "Đang lấy ý kiến"
    consultation_id = int(detail_url.rstrip("/").rsplit("/", 1)[1])

    public_list = f"{live_server.url}/gop-y/"
    public_detail = f"{public_list}{consultation_id}/"
    citizen = browser.new_page(locale="vi-VN", viewport={"width": 390, "height": 844})
    citizen.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    citizen.goto(public_list)
    citizen.click("text=Quyết định ban hành Quy định về quản lý vỉa hè")
    citizen.click("text=Góp ý Điều 3")
    comment_url = citizen.url
    assert citizen.locator("#id_unit option:checked").inner_text().startswith("Điều 3.")
    citizen.fill("#id_text", f"Đề nghị cho phép lối đi 1,2 mét ở ngõ nhỏ. {HOSTILE}")
    citizen.fill("#id_name", "Trần Văn An")
    citizen.fill("#id_email", "an@example.vn")
    citizen.check("#id_consent")
    citizen.click("button:has-text('Gửi góp ý')")
    citizen.wait_for_url(re.compile(r"/gop-y/xac-nhan/"))
    [mail] = smtp_server.messages
    code = re.search(r"\b(\d{6})\b", mail.message.get_content())
    assert code is not None
    citizen.fill("#id_code", code.group(1))
    citizen.click("button:has-text('Xác nhận')")
    assert "đã được xác nhận" in citizen.locator("#da-xac-nhan").inner_text()
    citizen.goto(public_detail)
    assert citizen.locator("#tong-y-kien").inner_text().startswith("1 ý kiến")
    assert HOSTILE in citizen.locator(".comment").first.inner_text()  # shown as text, not run
    assert "an@example.vn" not in citizen.content()

    for url in (public_list, public_detail, comment_url):
        assert axe_violations(browser, url) == [], url

    back.goto(f"{detail_url}kiem-duyet/")
    back.click("button[value=approve]")
    assert "Đã cập nhật 1 ý kiến" in back.locator(".messages").inner_text()
    back.goto(f"{detail_url}tong-hop/")
    back.click("#xep-nhom")
    group = back.locator(".card").first
    assert "Điều 3" in group.locator("h2").inner_text()
    group.locator("textarea[name=summary]").fill("Đề nghị giảm chiều rộng lối đi ở ngõ nhỏ xuống 1,2 mét.")
    group.locator("select[name=response]").select_option("explained")
    group.locator("textarea[name=response_text]").fill("Giữ 1,5 mét theo quy chuẩn QCVN 07:2016/BXD.")
    group.locator("button[value=save]").click()
    with back.expect_download() as download:
        back.click("#tai-bao-cao")
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[1:] == [["1", "Điều 3 Sử dụng tạm thời vỉa hè để kinh doanh",
                         "Đề nghị giảm chiều rộng lối đi ở ngõ nhỏ xuống 1,2 mét.", "1",
                         "Giải trình: Giữ 1,5 mét theo quy chuẩn QCVN 07:2016/BXD."]]  # fmt: skip
    assert problems == [], problems
