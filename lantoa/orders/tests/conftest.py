"""Budget lines and orders made through the services, and published items through the real ingest pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.models import User
from lantoa.monitoring.models import Item
from lantoa.monitoring.tests.test_pipeline import run, write_jsonl
from lantoa.orders import services
from lantoa.orders.models import BudgetLine, Order, ProductKind
from lantoa.org.models import Organisation, Outlet
from lantoa.testing.factories import HOSTILE

TODAY = date(2026, 11, 26)
VACCINE = (
    "Sở Y tế tỉnh Thái Nguyên triển khai chiến dịch tiêm chủng mở rộng cho trẻ em dưới 5 tuổi tại 92 xã, phường. "
    "Các trạm y tế bố trí điểm tiêm lưu động ở vùng cao; phụ huynh được nhắn tin nhắc lịch tiêm. Người dân có thể "
    "đặt lịch qua ứng dụng và được tư vấn miễn phí về phản ứng sau tiêm."
)
INSURANCE = (
    "Bảo hiểm xã hội tỉnh Thái Nguyên cho biết tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%. Sở Y tế phối hợp "
    "các xã, phường tuyên truyền chính sách hỗ trợ mua thẻ bảo hiểm y tế cho hộ cận nghèo và học sinh."
)
MARKET = (
    "Giá rau xanh tại các chợ ở thành phố Thái Nguyên tăng mạnh sau đợt mưa lớn; tiểu thương cho biết nguồn hàng "
    "từ các xã vùng trồng rau bị ảnh hưởng."
)


def make_line(organisation: Organisation, amount: int = 100_000_000, year: int = 2026, **extra: Any) -> BudgetLine:
    return BudgetLine.objects.create(
        organisation=organisation, year=year, name=extra.pop("name", f"Tuyên truyền chính sách {HOSTILE}"),
        amount=amount, **extra,
    )  # fmt: skip


def order_values(line: BudgetLine, outlet: Outlet | None, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organisation": line.organisation, "outlet": outlet, "budget_line": line,
        "title": f"Tuyên truyền tiêm chủng mở rộng {HOSTILE}", "product_kind": ProductKind.ARTICLE,
        "quantity": 4, "unit_price": 5_000_000, "starts_on": date(2026, 3, 1), "ends_on": date(2026, 6, 30),
        "keywords": "tiêm chủng, bảo hiểm y tế", "number": "15/HĐ-SYT",
    }  # fmt: skip
    values.update(extra)
    return values


def issued_order(actor: User, line: BudgetLine, outlet: Outlet, **extra: Any) -> Order:
    return services.do_issue(actor, services.do_create_order(actor, order_values(line, outlet, **extra)))


@pytest.fixture
def outlet(db: None) -> Outlet:
    return Outlet.objects.get(code="bao-thai-nguyen")


@pytest.fixture
def line(so_y_te: Organisation) -> BudgetLine:
    return make_line(so_y_te)


@pytest.fixture
def published(tmp_path: Path, db: None) -> dict[str, Item]:
    """Three items of Báo Thái Nguyên and one of VnExpress, found by monitoring."""
    tn = {"source": "baothainguyen.vn"}  # the lookup knows outlets by name, code and domain
    rows = [
        {**tn, "id": "v1", "url": "https://baothainguyen.vn/v1.html", "body": VACCINE,
         "title": "Thái Nguyên: Tiêm chủng mở rộng cho trẻ em vùng cao", "published": "10/03/2026 08:00"},
        {**tn, "id": "i1", "url": "https://baothainguyen.vn/i1.html", "body": INSURANCE,
         "title": "95% người dân Thái Nguyên có thẻ bảo hiểm y tế", "published": "20/03/2026 09:00"},
        {**tn, "id": "m1", "url": "https://baothainguyen.vn/m1.html", "body": MARKET,
         "title": "Giá rau xanh tăng mạnh sau mưa lớn", "published": "12/03/2026 07:00"},
        {"id": "x1", "url": "https://vnexpress.net/x1.html", "body": VACCINE[:200] + " (VnE)", "source": "VnExpress",
         "title": "Tiêm chủng mở rộng cho trẻ em vùng cao Thái Nguyên", "published": "11/03/2026 10:00"},
    ]  # fmt: skip
    run(write_jsonl(tmp_path / "orders.jsonl", rows))
    items = {item.key[3:]: item for item in Item.objects.select_related("outlet")}
    assert {key: item.outlet.code if item.outlet else None for key, item in items.items()} == {
        "v1": "bao-thai-nguyen", "i1": "bao-thai-nguyen", "m1": "bao-thai-nguyen", "x1": "vnexpress",
    }  # fmt: skip
    return items
