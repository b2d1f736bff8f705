"""The pages: forms with Vietnamese money, the over-budget refusal on the form, detail actions, scope (404 outside,
403 without the role), query counts, escaping, and the budget summary with its XLSX read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.monitoring.models import Item
from lantoa.orders import services
from lantoa.orders.models import BudgetLine, DeliveryStatus, Order, OrderStatus
from lantoa.orders.tests.conftest import TODAY, issued_order, make_line
from lantoa.org.models import Organisation, Outlet
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


def form_data(line: BudgetLine, outlet: Outlet, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": line.organisation_id, "outlet": outlet.pk, "budget_line": line.pk,
        "title": f"Loạt bài bảo hiểm y tế {HOSTILE}", "product_kind": "series", "quantity": "3",
        "unit_price": "1.500.000", "starts_on": "01/03/2026", "ends_on": "30/06/2026",
        "delivery_dates": "15/03/2026, 15/04/2026", "keywords": "bảo hiểm y tế",
    }  # fmt: skip
    data.update(extra)
    return data


def test_the_form_stores_a_draft_with_vietnamese_money(agency_officer: User, line: BudgetLine, outlet: Outlet) -> None:
    client = client_for(agency_officer)
    assert client.get(reverse("orders:create")).status_code == 200
    response = client.post(reverse("orders:create"), form_data(line, outlet))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:detail", args=[order.pk])
    assert (order.unit_price, order.amount, order.delivery_dates) == (
        1_500_000,
        4_500_000,
        ["2026-03-15", "2026-04-15"],
    )
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "1.500.000 đ" in page and "4.500.000 đ" in page and "15/03/2026, 15/04/2026" in page
    assert ESCAPED in page and not unescaped(page)
    edit = client.get(reverse("orders:edit", args=[order.pk])).content.decode()
    assert 'value="1.500.000"' in edit


def test_the_form_refuses_an_order_over_budget_and_stores_nothing(
    agency_officer: User, so_y_te: Organisation, outlet: Outlet
) -> None:
    line = make_line(so_y_te, amount=10_000_000)
    issued_order(agency_officer, line, outlet, quantity=1, unit_price=7_000_000)
    before = Order.objects.count()
    response = client_for(agency_officer).post(reverse("orders:create"), form_data(line, outlet))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vượt kinh phí" in page and "chỉ còn 3.000.000 đ" in page and "4.500.000 đ" in page
    assert Order.objects.count() == before
    bad = client_for(agency_officer).post(reverse("orders:create"), form_data(line, outlet, unit_price="1,5"))
    assert bad.status_code == 400 and "không dùng dấu phẩy" in bad.content.decode()


def test_delivery_acceptance_and_the_suggested_item_through_the_page(
    agency_officer: User, line: BudgetLine, outlet: Outlet, published: dict[str, Item]
) -> None:
    order = issued_order(agency_officer, line, outlet)
    client = client_for(agency_officer)
    url = reverse("orders:action", args=[order.pk])
    response = client.post(url, {"action": "deliver", "deliver-title": "Tiêm chủng mở rộng cho trẻ em vùng cao",
                                 "deliver-delivered_on": "10/03/2026", "deliver-quantity": "1"})  # fmt: skip
    assert response.status_code == 302
    delivery = order.deliveries.get()
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Tin bài có thể khớp" in page and f'name="item" value="{published["v1"].pk}"' in page
    client.post(url, {"action": "link", "delivery": delivery.pk, "item": published["v1"].pk})
    client.post(url, {"action": "accept_delivery", "delivery": delivery.pk, "accepted_quantity": "1"})
    delivery.refresh_from_db()
    assert (delivery.item_id, delivery.status, delivery.accepted_amount) == (
        published["v1"].pk, DeliveryStatus.ACCEPTED, 5_000_000
    )  # fmt: skip
    refused = client.post(url, {"action": "accept", "accept-note": ""})
    assert refused.status_code == 400 and "Nghiệm thu một phần (1/4 sản phẩm)" in refused.content.decode()
    client.post(url, {"action": "accept", "accept-note": "Báo thực hiện 1/4 bài"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_ACCEPTED
    summary = client.get(reverse("orders:budget") + "?nam=2026").content.decode()
    assert "5.000.000 đ" in summary and "95.000.000 đ" in summary


def test_scope_other_organisations_orders_are_not_found(
    press_officer: User, agency_officer: User, leader: User, outsider: User, so_tu_phap: Organisation,
    line: BudgetLine, outlet: Outlet,
) -> None:  # fmt: skip
    theirs = issued_order(press_officer, line, outlet)
    tu_phap = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    client = client_for(tu_phap)
    assert client.get(reverse("orders:detail", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("orders:action", args=[theirs.pk]), {"action": "cancel", "cancel-note": "x"}).status_code
        == 404
    )
    assert client.get(reverse("orders:line", args=[line.pk])).status_code == 404
    assert theirs.reference not in client.get(reverse("orders:list")).content.decode()
    assert "Sở Y tế" not in client.get(reverse("orders:budget") + "?nam=2026").content.decode()
    assert client.get(reverse("orders:line_create")).status_code == 403  # agencies do not allocate budget
    assert client_for(outsider).get(reverse("orders:list")).status_code == 403
    page = client_for(leader).get(reverse("orders:detail", args=[theirs.pk])).content.decode()
    assert theirs.title.split("<")[0] in page and 'id="form-cancel"' not in page  # leaders read only
    assert client_for(leader).get(reverse("orders:create")).status_code == 403
    page = client_for(agency_officer).get(reverse("orders:detail", args=[theirs.pk])).content.decode()
    assert 'id="form-cancel"' in page and 'id="form-deliver"' in page


def test_list_and_summary_queries_do_not_grow_with_rows(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, outlet: Outlet
) -> None:
    client = client_for(press_officer)
    line = make_line(so_y_te)

    def counted(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    issued_order(press_officer, line, outlet)
    small = (counted(reverse("orders:list")), counted(reverse("orders:budget") + "?nam=2026"))
    for organisation in (so_y_te, so_tu_phap):
        other = make_line(organisation, name=f"Dòng thêm {organisation.code}")
        for _n in range(3):
            issued_order(press_officer, other, outlet, quantity=1)
    large = (counted(reverse("orders:list")), counted(reverse("orders:budget") + "?nam=2026"))
    assert large == small, (small, large)
    assert small[0] <= 12 and small[1] <= 12, small


def test_budget_summary_and_its_xlsx(
    press_officer: User, agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, outlet: Outlet
) -> None:
    client = client_for(press_officer)
    response = client.post(
        reverse("orders:line_create"),
        {
            "organisation": so_y_te.pk,
            "year": "2026",
            "name": f"Kinh phí truyền thông {HOSTILE}",
            "amount": "50.000.000",
        },
    )
    assert response.status_code == 302
    health = BudgetLine.objects.get(organisation=so_y_te)
    make_line(so_tu_phap, amount=30_000_000, name="Phổ biến pháp luật")
    order = issued_order(agency_officer, health, outlet, quantity=2, unit_price=4_000_000)
    delivery = services.do_record_delivery(
        agency_officer, order, title="Bài 1", delivered_on=date(2026, 3, 5), today=TODAY
    )
    services.do_accept_delivery(agency_officer, delivery, 1)
    services.do_add_expense(
        agency_officer, health, description="In tờ rơi", amount=2_000_000, spent_on=date(2026, 4, 1), today=TODAY
    )
    page = client.get(reverse("orders:budget") + "?nam=2026").content.decode()
    assert ESCAPED in page and not unescaped(page)
    for text in ("50.000.000 đ", "8.000.000 đ", "6.000.000 đ", "40.000.000 đ", "30.000.000 đ", "70.000.000 đ"):
        assert text in page, text
    response = client.get(reverse("orders:budget_export") + "?nam=2026")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    by_name = {row[2]: row for row in rows if row[2]}
    assert by_name[f"Kinh phí truyền thông {HOSTILE}"][4:] == [50_000_000, 8_000_000, 6_000_000, 40_000_000]
    assert by_name["Phổ biến pháp luật"][4:] == [30_000_000, 0, 0, 30_000_000]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][4:] == [80_000_000, 8_000_000, 6_000_000, 70_000_000]
    # An agency's export holds its own organisation only.
    agency = load_workbook(io.BytesIO(client_for(agency_officer).get(reverse("orders:budget_export")
                                                                     + "?nam=2026").content)).active  # fmt: skip
    assert agency is not None
    assert [row[0] for row in agency.iter_rows(min_row=3, values_only=True)] == ["Sở Y tế", "Tổng cộng"]


def test_an_expense_over_the_remainder_is_refused_on_the_page(
    agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    line = make_line(so_y_te, amount=1_000_000)
    client = client_for(agency_officer)
    response = client.post(
        reverse("orders:expense_create", args=[line.pk]),
        {"description": "Hội nghị", "amount": "1.000.001", "spent_on": "01/04/2026"},
    )
    assert response.status_code == 400 and "chỉ còn 1.000.000 đ" in response.content.decode()
    assert not line.expenses.exists()
    other = make_line(so_tu_phap)
    response = client.post(
        reverse("orders:expense_create", args=[other.pk]),
        {"description": "Hội nghị", "amount": "1.000", "spent_on": "01/04/2026"},
    )
    assert response.status_code == 404 and not other.expenses.exists()
