"""The budget arithmetic, in one place, so that the over-budget refusal and the summary can never disagree.

Per budget line:
- committed: what the line's orders hold — the whole amount of an order issued or in delivery; once an order is
  accepted (fully or partly) or closed, only its accepted amount (the rest is released); drafts and cancelled
  orders hold nothing;
- spent: accepted deliveries (of any order not cancelled) plus the other expenses;
- remaining: allocated − committed − expenses (an accepted delivery is inside its order's commitment already).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _

from lantoa.core import xlsx
from lantoa.orders.models import (
    OPEN_STATUSES,
    SETTLED_STATUSES,
    BudgetLine,
    Delivery,
    DeliveryStatus,
    Expense,
    Order,
    OrderStatus,
)
from lantoa.org.models import Organisation


@dataclass
class Usage:
    allocated: int = 0
    committed: int = 0  # orders' holds
    delivered: int = 0  # accepted deliveries
    expenses: int = 0

    @property
    def spent(self) -> int:
        return self.delivered + self.expenses

    @property
    def remaining(self) -> int:
        return self.allocated - self.committed - self.expenses

    def add(self, other: Usage) -> None:
        self.allocated += other.allocated
        self.committed += other.committed
        self.delivered += other.delivered
        self.expenses += other.expenses


def usage_by_line(lines: Sequence[BudgetLine]) -> dict[int, Usage]:
    """Four grouped queries whatever the number of lines."""
    ids = [line.pk for line in lines]
    usage = {line.pk: Usage(allocated=int(line.amount)) for line in lines}
    held = (
        Order.objects.filter(budget_line_id__in=ids, status__in=OPEN_STATUSES)
        .values("budget_line_id")
        .annotate(total=Sum(F("quantity") * F("unit_price")))
    )
    for row in held:
        usage[row["budget_line_id"]].committed += int(row["total"] or 0)
    accepted = Delivery.objects.filter(order__budget_line_id__in=ids, status=DeliveryStatus.ACCEPTED)
    for row in (
        accepted.filter(order__status__in=SETTLED_STATUSES)
        .values("order__budget_line_id")
        .annotate(total=Sum("accepted_amount"))
    ):
        usage[row["order__budget_line_id"]].committed += int(row["total"] or 0)
    for row in (
        accepted.exclude(order__status=OrderStatus.CANCELLED)
        .values("order__budget_line_id")
        .annotate(total=Sum("accepted_amount"))
    ):
        usage[row["order__budget_line_id"]].delivered += int(row["total"] or 0)
    for row in Expense.objects.filter(budget_line_id__in=ids).values("budget_line_id").annotate(total=Sum("amount")):
        usage[row["budget_line_id"]].expenses += int(row["total"] or 0)
    return usage


def usage_of(line: BudgetLine) -> Usage:
    return usage_by_line([line])[line.pk]


@dataclass
class OrganisationRow:
    organisation: Organisation
    lines: list[tuple[BudgetLine, Usage]] = field(default_factory=list)
    total: Usage = field(default_factory=Usage)


def summary(lines: QuerySet[BudgetLine]) -> tuple[list[OrganisationRow], Usage]:
    """Rows per organisation (its lines and their total) and the grand total, for the lines given (already scoped
    and filtered by year by the caller)."""
    found = list(
        lines.select_related("organisation").order_by("organisation__sort_order", "organisation__name", "name")
    )
    usage = usage_by_line(found)
    rows: dict[int, OrganisationRow] = {}
    grand = Usage()
    for line in found:
        row = rows.setdefault(line.organisation_id, OrganisationRow(line.organisation))
        row.lines.append((line, usage[line.pk]))
        row.total.add(usage[line.pk])
        grand.add(usage[line.pk])
    return list(rows.values()), grand


def xlsx_bytes(rows: Iterable[OrganisationRow], grand: Usage, title: str) -> bytes:
    """One row per line, a subtotal per organisation with several lines, and the total; amounts as numbers (whole
    đồng) so that the office can sum and filter them."""
    table: list[list[xlsx.Cell]] = []
    for row in rows:
        for line, usage in row.lines:
            table.append([row.organisation.name, line.year, line.name, line.code, usage.allocated, usage.committed,
                          usage.spent, usage.remaining])  # fmt: skip
        if len(row.lines) > 1:
            total = row.total
            table.append([row.organisation.name, None, _("Cộng"), "", total.allocated, total.committed, total.spent,
                          total.remaining])  # fmt: skip
    table.append([_("Tổng cộng"), None, "", "", grand.allocated, grand.committed, grand.spent, grand.remaining])
    headings = [_("Cơ quan, đơn vị"), _("Năm"), _("Dòng kinh phí"), _("Mã"), _("Được giao (đồng)"),
                _("Đã cam kết (đồng)"), _("Đã chi (đồng)"), _("Còn lại (đồng)")]  # fmt: skip
    return xlsx.workbook_bytes([xlsx.Sheet(name=_("Kinh phí"), headings=headings, rows=table, title=title)])
