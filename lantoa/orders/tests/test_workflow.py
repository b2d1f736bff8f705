"""The order workflow, the budget rules (over-budget refusal stores nothing), acceptance with the suggested
monitoring item, and role scoping in the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.audit.models import AuditEvent
from lantoa.monitoring.models import Item
from lantoa.orders import budget, matching, services
from lantoa.orders.models import BudgetLine, Delivery, DeliveryStatus, Order, OrderEvent, OrderStatus
from lantoa.orders.money import parse_vnd, vnd
from lantoa.orders.tests.conftest import TODAY, issued_order, make_line, order_values
from lantoa.org.models import Organisation, Outlet
from lantoa.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


def test_money_is_written_the_vietnamese_way() -> None:
    assert vnd(1_500_000) == "1.500.000 đ"
    assert vnd(0) == "0 đ"
    assert vnd(-20_000) == "-20.000 đ"
    assert parse_vnd("1.500.000") == parse_vnd("1500000") == parse_vnd("1 500 000 đ") == 1_500_000
    for bad in ("1,5", "1.5", "abc", "1.50.000", ""):
        with pytest.raises(ValidationError):
            parse_vnd(bad)


def test_an_order_goes_from_draft_to_closed(agency_officer: User, line: BudgetLine, outlet: Outlet) -> None:
    order = services.do_create_order(agency_officer, order_values(line, outlet))
    assert (order.status, order.amount) == (OrderStatus.DRAFT, 20_000_000)
    assert budget.usage_of(line).committed == 0  # a draft holds nothing
    order = services.do_issue(agency_officer, order)
    assert order.status == OrderStatus.ISSUED and order.issued_at is not None
    assert budget.usage_of(line).committed == 20_000_000
    with pytest.raises(ValidationError, match="không đặt lại được"):
        services.do_issue(agency_officer, order)
    first = services.do_record_delivery(
        agency_officer, order, title="Tiêm chủng mở rộng cho trẻ em vùng cao", delivered_on=date(2026, 3, 10),
        quantity=2, today=TODAY,
    )  # fmt: skip
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERING
    services.do_accept_delivery(agency_officer, first, 2)
    second = services.do_record_delivery(
        agency_officer, order, title="Bảo hiểm y tế", delivered_on=date(2026, 3, 20), quantity=2, today=TODAY
    )
    services.do_accept_delivery(agency_officer, second, 2)
    order = services.do_accept_order(agency_officer, order)
    assert order.status == OrderStatus.ACCEPTED
    usage = budget.usage_of(line)
    assert (usage.committed, usage.spent, usage.remaining) == (20_000_000, 20_000_000, 80_000_000)
    order = services.do_close(agency_officer, order, "Thanh lý hợp đồng")
    assert order.status == OrderStatus.CLOSED
    actions = list(OrderEvent.objects.filter(order=order).values_list("action", flat=True))
    assert actions == ["create", "issue", "deliver", "accept_item", "deliver", "accept_item", "accept", "close"]
    audited = set(AuditEvent.objects.filter(action__startswith="orders.order.").values_list("action", flat=True))
    assert {"orders.order.issue", "orders.order.accept", "orders.order.close"} <= audited


def test_partial_acceptance_needs_a_reason_and_releases_the_rest(
    agency_officer: User, line: BudgetLine, outlet: Outlet
) -> None:
    order = issued_order(agency_officer, line, outlet)
    delivery = services.do_record_delivery(
        agency_officer, order, title="Bài 1", delivered_on=date(2026, 3, 5), quantity=1, today=TODAY
    )
    rejected = services.do_record_delivery(
        agency_officer, order, title="Bài 2", delivered_on=date(2026, 3, 6), quantity=1, today=TODAY
    )
    with pytest.raises(ValidationError, match="Còn sản phẩm chờ nghiệm thu"):
        services.do_accept_order(agency_officer, order)
    services.do_accept_delivery(agency_officer, delivery, 1)
    with pytest.raises(ValidationError, match="lý do"):
        services.do_reject_delivery(agency_officer, rejected, "")
    services.do_reject_delivery(agency_officer, rejected, "Sai chủ đề")
    with pytest.raises(ValidationError, match=r"1/4"):
        services.do_accept_order(agency_officer, order)
    order = services.do_accept_order(agency_officer, order, "Báo chỉ thực hiện 1 bài")
    assert order.status == OrderStatus.PARTLY_ACCEPTED
    usage = budget.usage_of(line)
    assert (usage.committed, usage.spent, usage.remaining) == (5_000_000, 5_000_000, 95_000_000)
    with pytest.raises(ValidationError, match="Không hủy được"):
        services.do_cancel(agency_officer, order, "Lý do")


def test_accepting_more_than_ordered_is_refused(agency_officer: User, line: BudgetLine, outlet: Outlet) -> None:
    order = issued_order(agency_officer, line, outlet, quantity=2)
    first = services.do_record_delivery(
        agency_officer, order, title="Bài 1", delivered_on=date(2026, 3, 5), quantity=2, today=TODAY
    )
    second = services.do_record_delivery(
        agency_officer, order, title="Bài 2", delivered_on=date(2026, 3, 6), quantity=1, today=TODAY
    )
    services.do_accept_delivery(agency_officer, first, 2)
    with pytest.raises(ValidationError, match="Vượt số lượng đặt hàng"):
        services.do_accept_delivery(agency_officer, second, 1)
    assert Delivery.objects.get(pk=second.pk).status == DeliveryStatus.PENDING


def test_cancel_needs_a_reason_and_frees_the_budget(agency_officer: User, line: BudgetLine, outlet: Outlet) -> None:
    order = issued_order(agency_officer, line, outlet)
    with pytest.raises(ValidationError, match="lý do hủy"):
        services.do_cancel(agency_officer, order, " ")
    order = services.do_cancel(agency_officer, order, "Báo không nhận đặt hàng")
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "Báo không nhận đặt hàng")
    assert budget.usage_of(line).remaining == 100_000_000
    with pytest.raises(ValidationError, match="không đặt lại được"):
        services.do_issue(agency_officer, order)


def test_an_order_over_budget_is_refused_naming_the_remainder_and_nothing_is_stored(
    agency_officer: User, line: BudgetLine, outlet: Outlet
) -> None:
    issued_order(agency_officer, line, outlet, quantity=10, unit_price=8_500_000)  # 85.000.000 đ
    services.do_add_expense(
        agency_officer, line, description="In tờ rơi", amount=3_000_000, spent_on=date(2026, 4, 1), today=TODAY
    )
    orders, events, audits = Order.objects.count(), OrderEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.do_create_order(agency_officer, order_values(line, outlet, quantity=3, unit_price=5_000_000))
    message = " ".join(refused.value.messages)
    assert "Vượt kinh phí" in message and "chỉ còn 12.000.000 đ" in message and "15.000.000 đ" in message
    assert (Order.objects.count(), OrderEvent.objects.count(), AuditEvent.objects.count()) == (orders, events, audits)
    with pytest.raises(ValidationError, match=r"chỉ còn 12\.000\.000 đ"):
        services.do_add_expense(
            agency_officer, line, description="Sự kiện", amount=12_000_001, spent_on=date(2026, 4, 2), today=TODAY
        )
    # Exactly the remainder fits.
    fits = services.do_create_order(agency_officer, order_values(line, outlet, quantity=3, unit_price=4_000_000))
    assert fits.amount == 12_000_000
    # Two drafts may each fit; the second one issued finds the money gone.
    other = services.do_create_order(agency_officer, order_values(line, outlet, quantity=1, unit_price=10_000_000))
    services.do_issue(agency_officer, fits)
    with pytest.raises(ValidationError, match="chỉ còn 0 đ"):
        services.do_issue(agency_officer, other)
    assert Order.objects.get(pk=other.pk).status == OrderStatus.DRAFT


def test_budget_line_rules(press_officer: User, agency_officer: User, so_y_te: Organisation, outlet: Outlet) -> None:
    with pytest.raises(PermissionDenied):
        services.do_create_line(agency_officer, {"organisation": so_y_te, "year": 2026, "name": "X", "amount": 1})
    line = services.do_create_line(
        press_officer, {"organisation": so_y_te, "year": 2026, "name": "Kinh phí 2026", "amount": 50_000_000}
    )
    with pytest.raises(ValidationError, match="đã có dòng kinh phí tên này"):
        services.do_create_line(
            press_officer, {"organisation": so_y_te, "year": 2026, "name": "Kinh phí 2026", "amount": 1}
        )
    issued_order(agency_officer, line, outlet)  # 20.000.000 đ
    with pytest.raises(ValidationError, match=r"đã cam kết và chi 20\.000\.000 đ"):
        services.do_update_line(press_officer, line, {"amount": 19_999_999})
    assert services.do_update_line(press_officer, line, {"amount": 20_000_000}).amount == 20_000_000


def test_order_values_are_checked_field_by_field(
    agency_officer: User, line: BudgetLine, outlet: Outlet, so_tu_phap: Organisation
) -> None:
    other_line = make_line(so_tu_phap)
    with pytest.raises(ValidationError) as refused:
        services.do_create_order(
            agency_officer,
            order_values(line, None, quantity=0, unit_price=0, ends_on=date(2026, 2, 1), title="",
                         delivery_dates=["2026-07-05"]),
        )  # fmt: skip
    errors = refused.value.message_dict
    assert set(errors) == {"outlet", "quantity", "unit_price", "ends_on", "title", "delivery_dates"}
    with pytest.raises(ValidationError) as refused:
        services.do_create_order(agency_officer, order_values(line, outlet, delivery_dates=["2026-07-05"]))
    assert "05/07/2026" in refused.value.message_dict["delivery_dates"][0]
    with pytest.raises(ValidationError) as refused:
        services.do_create_order(agency_officer, order_values(other_line, outlet))
    assert "cơ quan của mình" in refused.value.message_dict["organisation"][0]
    with pytest.raises(ValidationError) as refused:
        services.do_create_order(agency_officer, order_values(line, outlet, starts_on=date(2027, 1, 5),
                                                              ends_on=date(2027, 2, 1)))  # fmt: skip
    assert "năm 2026" in refused.value.message_dict["budget_line"][0]
    assert not Order.objects.exists()


def test_scope_an_agency_acts_only_on_its_own_orders(
    press_officer: User, agency_officer: User, leader: User, so_tu_phap: Organisation, outlet: Outlet
) -> None:
    other_line = make_line(so_tu_phap)
    theirs = issued_order(press_officer, other_line, outlet)
    assert theirs not in services.visible_orders(agency_officer)
    assert theirs in services.visible_orders(leader)
    with pytest.raises(PermissionDenied):
        services.check_can_view(agency_officer, theirs)
    with pytest.raises(PermissionDenied):
        services.do_cancel(agency_officer, theirs, "không phải của tôi")
    with pytest.raises(PermissionDenied):
        services.do_cancel(leader, theirs, "chỉ đọc")
    tu_phap = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    assert list(services.visible_orders(tu_phap)) == [theirs]
    assert services.do_cancel(tu_phap, theirs, "Đổi kế hoạch").status == OrderStatus.CANCELLED


def test_the_monitored_item_is_suggested_and_confirmed(
    agency_officer: User, line: BudgetLine, outlet: Outlet, published: dict[str, Item]
) -> None:
    order = issued_order(agency_officer, line, outlet)
    # The agency types the title without tone marks: folding still finds it; VnExpress's copy and the market
    # story (another outlet, another subject) are not suggested.
    delivery = services.do_record_delivery(
        agency_officer, order, title="Tiem chung mo rong cho tre em vung cao", delivered_on=date(2026, 3, 10),
        today=TODAY,
    )  # fmt: skip
    found = matching.suggest_items(order, delivery.title)
    keys = [candidate.item.key for candidate in found]
    assert keys[0] == "id:v1" and "id:x1" not in keys and "id:m1" not in keys
    # The order's keyword "bảo hiểm y tế" brings the insurance article too, below the title match.
    assert "id:i1" in keys
    assert delivery.item is None  # nothing is linked until an officer confirms
    linked = services.do_link_item(agency_officer, delivery, published["v1"])
    assert linked.item == published["v1"] and linked.url == published["v1"].url
    with pytest.raises(ValidationError, match="cơ quan báo chí khác"):
        services.do_link_item(agency_officer, delivery, published["x1"])
    # Outside the period (with a week's grace) nothing is suggested.
    late = issued_order(agency_officer, line, outlet, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 31))
    assert matching.suggest_items(late, "Tiêm chủng mở rộng cho trẻ em vùng cao") == []
