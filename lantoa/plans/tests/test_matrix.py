"""The press office's matrix (organisations × tasks): states, filters, bounded queries, XLSX, roles, escaping."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.accounts.models import User
from lantoa.plans import matrix
from lantoa.plans.models import LATE, Plan, Status
from lantoa.plans.services import do_report
from lantoa.plans.tests.conftest import occurrence_of
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for


@pytest.fixture
def reported(small_plan: Plan, agency_officer: User, press_officer: User) -> Plan:
    do_report(agency_officer, occurrence_of("so-y-te", "II.1.1", 3), status="done", text="Xong", figures={"posts": 2})
    do_report(press_officer, occurrence_of("so-tu-phap", "II.1.1", 3), status="in_progress", text="Đang", figures={})
    return small_plan


def test_cells_show_the_state_of_the_occurrence_covering_the_month(reported: Plan, press_officer: User) -> None:
    built = matrix.build(press_officer, reported, date(2026, 3, 1), today=date(2026, 3, 25))
    assert [task.code for task in built.tasks] == ["II.1.1", "III.4.2", "IV.2.1"]
    rows = {row.organisation.code: row for row in built.rows}
    assert len(rows) > 100  # every department and the 92 communes
    assert rows["so-y-te"].cells[0].state == Status.DONE  # type: ignore[union-attr]
    assert rows["so-tu-phap"].cells[0].state == LATE  # in progress past 20/03  # type: ignore[union-attr]
    assert rows["so-tu-phap"].cells[2].state == Status.NOT_STARTED  # yearly, due 15/12  # type: ignore[union-attr]
    assert rows["so-y-te"].cells[1] is None  # the commune task is not Sở Y tế's
    commune = next(row for code, row in rows.items() if code.startswith("ubnd-"))
    assert commune.cells[1] is not None and commune.cells[1].state == LATE  # Q1 report due 16/03, nothing yet
    late_only = matrix.build(press_officer, reported, date(2026, 3, 1), state=LATE, today=date(2026, 3, 25))
    assert "so-y-te" not in {row.organisation.code for row in late_only.rows}
    communes = matrix.build(press_officer, reported, date(2026, 3, 1), kind="commune", today=date(2026, 3, 25))
    assert len(communes.rows) == 92
    one_section = matrix.build(press_officer, reported, date(2026, 3, 1), section="IV.2")
    assert [task.code for task in one_section.tasks] == ["IV.2.1"] and len(one_section.rows) == 2


def test_the_matrix_page_takes_a_bounded_number_of_queries(reported: Plan, press_officer: User) -> None:
    client = client_for(press_officer)
    url = reverse("plans:matrix", args=[2026])
    client.get(url)  # warm the session and the permission caches
    with CaptureQueriesContext(connection) as small:
        response = client.get(url + "?thang=2026-03&loai=department")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as large:
        response = client.get(url + "?thang=2026-03")
    body = response.content.decode()
    assert body.count('class="cell state') > 92 * 1 + 17
    assert len(large) == len(small) <= 12, [query["sql"] for query in large.captured_queries]


def test_a_scoped_user_sees_only_their_own_row(reported: Plan, agency_officer: User, leader: User) -> None:
    body = client_for(agency_officer).get(reverse("plans:matrix", args=[2026]) + "?thang=2026-03").content.decode()
    assert body.count("<tr data-org=") == 1 and 'data-org="so-y-te"' in body
    assert "Nhắc các đơn vị trễ hạn" not in body
    everything = client_for(leader).get(reverse("plans:matrix", args=[2026]) + "?thang=2026-03").content.decode()
    assert everything.count("<tr data-org=") > 100 and "Nhắc các đơn vị trễ hạn" not in everything


def test_pages_escape_plan_text_and_are_closed_to_outsiders(
    reported: Plan, press_officer: User, outsider: User
) -> None:
    client = client_for(press_officer)
    for url in (reverse("plans:list"), reverse("plans:detail", args=[2026]), reverse("plans:matrix", args=[2026])):
        body = client.get(url).content.decode()
        assert not unescaped(body), url
    assert "&lt;script&gt;" in client.get(reverse("plans:detail", args=[2026])).content.decode()
    for url in (reverse("plans:list"), reverse("plans:matrix", args=[2026]), reverse("plans:mine"),
                reverse("plans:training_list")):  # fmt: skip
        assert client_for(outsider).get(url).status_code == 403, url


def test_the_matrix_exports_to_xlsx(reported: Plan, press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("plans:matrix", args=[2026]) + "?thang=2026-03&xuat=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Theo dõi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Tiến độ thực hiện kế hoạch, tháng 03/2026")  # type: ignore[union-attr]
    assert rows[1][:4] == ("Cơ quan, đơn vị", "II.1.1", "III.4.2", "IV.2.1")
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name["Sở Y tế"][1] == "Hoàn thành"
    assert len(by_name) > 100
    legend = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    assert legend[2][0] == "II.1.1" and legend[2][1] == f"Tuyên truyền chính sách {HOSTILE}"  # text, as typed
