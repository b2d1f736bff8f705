"""Press orders: draft → issued → in delivery → accepted (fully or partly) → closed; cancelled with a reason.
Budget lines and other expenses. ``check_*`` authorises and validates (Vietnamese messages); ``do_*`` changes state
inside one transaction and writes both the order's timeline (``OrderEvent``) and the audit log.

Who (see roles.py): the press office allocates budget lines and may act on every order; an organisation's officers
order, record deliveries, accept, settle and cancel its own orders (and the units' under it) and enter its other
expenses; spokespersons and leaders read.

Budget rule: an order (at creation, edit and issue) or an expense must fit in what its budget line has left
(``budget.Usage.remaining``); otherwise the error names the remaining amount and nothing is stored. The line's row
is locked while checking so that two officers cannot spend the same remainder at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import in_scope, require_perm, scoped_organisation_ids
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.monitoring.models import Item
from lantoa.orders.budget import usage_of
from lantoa.orders.models import (
    OPEN_STATUSES,
    BudgetLine,
    Delivery,
    DeliveryStatus,
    EventAction,
    Expense,
    Order,
    OrderEvent,
    OrderStatus,
    ProductKind,
)
from lantoa.orders.money import vnd

ORDER_FIELDS = (
    "number", "title", "organisation", "outlet", "budget_line", "campaign", "policy", "product_kind", "quantity",
    "unit_price", "starts_on", "ends_on", "delivery_dates", "keywords",
)  # fmt: skip
LINE_FIELDS = ("organisation", "year", "name", "code", "amount", "note")
MAX_QUANTITY = 100_000


# --- Visibility ----------------------------------------------------------------------------------------------------


def _scoped(queryset: QuerySet[Any], user: User, field: str) -> QuerySet[Any]:
    scope = scoped_organisation_ids(user)
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


def visible_orders(user: User) -> QuerySet[Order]:
    require_perm(user, "orders.view_order")
    return _scoped(Order.objects.all(), user, "organisation_id")


def visible_lines(user: User) -> QuerySet[BudgetLine]:
    require_perm(user, "orders.view_budgetline")
    return _scoped(BudgetLine.objects.all(), user, "organisation_id")


def check_can_view(user: User, order: Order) -> None:
    require_perm(user, "orders.view_order")
    if not in_scope(user, order.organisation_id):
        raise PermissionDenied(_("Đặt hàng này thuộc cơ quan khác, bạn không có quyền truy cập."))


def check_can_view_line(user: User, line: BudgetLine) -> None:
    require_perm(user, "orders.view_budgetline")
    if not in_scope(user, line.organisation_id):
        raise PermissionDenied(_("Dòng kinh phí này thuộc cơ quan khác, bạn không có quyền truy cập."))


def _check_own(actor: User, organisation_id: int | None, perm: str) -> None:
    require_perm(actor, perm)
    if not in_scope(actor, organisation_id):
        raise PermissionDenied(_("Đặt hàng này thuộc cơ quan khác, bạn không có quyền thao tác."))


# --- Budget lines --------------------------------------------------------------------------------------------------


def _line_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("organisation") is None:
        errors["organisation"] = [_("Hãy chọn cơ quan, đơn vị.")]
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Năm không hợp lệ.")]
    if not str(values.get("name") or "").strip():
        errors["name"] = [_("Hãy đặt tên dòng kinh phí.")]
    amount = values.get("amount")
    if not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("Kinh phí được giao phải lớn hơn 0 đồng.")]
    return errors


@transaction.atomic
def do_create_line(actor: User, values: Mapping[str, Any]) -> BudgetLine:
    require_perm(actor, "orders.add_budgetline")
    if errors := _line_errors(values):
        raise ValidationError(errors)
    clean = {name: values.get(name) or "" for name in ("code", "note")}
    line = BudgetLine(
        organisation=values["organisation"], year=values["year"], name=str(values["name"]).strip()[:200],
        amount=values["amount"], created_by=actor, **clean,
    )  # fmt: skip
    if BudgetLine.objects.filter(organisation=line.organisation, year=line.year, name=line.name).exists():
        raise ValidationError(
            {"name": [_("Cơ quan đã có dòng kinh phí tên này trong năm %(year)d.") % {"year": line.year}]}
        )
    line.save()
    record_event(
        actor, "orders.budget_line.create", line, organisation=line.organisation,
        changes=diff({}, snapshot(line, LINE_FIELDS)),
    )  # fmt: skip
    return line


@transaction.atomic
def do_update_line(actor: User, line: BudgetLine, values: Mapping[str, Any]) -> BudgetLine:
    """Change a line. Lowering the amount below what is already committed and spent is refused."""
    require_perm(actor, "orders.change_budgetline")
    current = BudgetLine.objects.select_for_update().get(pk=line.pk)
    merged = {**snapshot(current, LINE_FIELDS), "organisation": current.organisation, **values}
    if errors := _line_errors(merged):
        raise ValidationError(errors)
    usage = usage_of(current)
    used = usage.committed + usage.expenses
    if merged["amount"] < used:
        raise ValidationError({"amount": [
            _("Không giảm được xuống %(amount)s: dòng kinh phí đã cam kết và chi %(used)s.")
            % {"amount": vnd(merged["amount"]), "used": vnd(used)}
        ]})  # fmt: skip
    if current.orders.exists() and merged["organisation"] != current.organisation:
        raise ValidationError(
            {"organisation": [_("Dòng kinh phí đã có đặt hàng, không chuyển sang cơ quan khác được.")]}
        )
    before = snapshot(current, LINE_FIELDS)
    for name in LINE_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    current.save()
    record_event(
        actor, "orders.budget_line.update", current, organisation=current.organisation,
        changes=diff(before, snapshot(current, LINE_FIELDS)),
    )  # fmt: skip
    return current


def _over_budget(line: BudgetLine, amount: int) -> ValidationError | None:
    remaining = usage_of(line).remaining
    if amount <= remaining:
        return None
    return ValidationError(
        _(
            "Vượt kinh phí: dòng kinh phí “%(line)s” của %(organisation)s chỉ còn %(remaining)s, "
            "không đủ cho %(amount)s."
        )
        % {
            "line": str(line),
            "organisation": line.organisation.name,
            "remaining": vnd(remaining),
            "amount": vnd(amount),
        },
        code="over_budget",
    )


def _locked_line(line: BudgetLine) -> BudgetLine:
    return BudgetLine.objects.select_for_update().select_related("organisation").get(pk=line.pk)


# --- Orders: values ------------------------------------------------------------------------------------------------


def check_order_values(actor: User, values: Mapping[str, Any], today: date | None = None) -> None:
    """The order's fields, each error next to its field. The budget is checked separately (it needs the lock)."""
    errors: dict[str, list[str]] = {}
    organisation, line = values.get("organisation"), values.get("budget_line")
    if organisation is None:
        errors["organisation"] = [_("Hãy chọn cơ quan đặt hàng.")]
    elif not in_scope(actor, organisation.pk):
        errors["organisation"] = [_("Bạn chỉ đặt hàng được cho cơ quan của mình.")]
    if values.get("outlet") is None:
        errors["outlet"] = [_("Hãy chọn cơ quan báo chí nhận đặt hàng.")]
    if not str(values.get("title") or "").strip():
        errors["title"] = [_("Hãy nêu nội dung đặt hàng.")]
    if values.get("product_kind") not in ProductKind.values:
        errors["product_kind"] = [_("Hãy chọn loại sản phẩm.")]
    quantity, price = values.get("quantity"), values.get("unit_price")
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = [_("Số lượng phải từ 1 đến %(n)d.") % {"n": MAX_QUANTITY}]
    if not isinstance(price, int) or price <= 0:
        errors["unit_price"] = [_("Đơn giá phải lớn hơn 0 đồng.")]
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None:
        errors["starts_on"] = [_("Hãy nhập ngày bắt đầu (dd/mm/yyyy).")]
    if ends is None:
        errors["ends_on"] = [_("Hãy nhập ngày kết thúc (dd/mm/yyyy).")]
    if starts is not None and ends is not None:
        if ends < starts:
            errors["ends_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
        outside = [day for day in values.get("delivery_dates") or [] if not starts <= date.fromisoformat(day) <= ends]
        if outside:
            errors["delivery_dates"] = [_("Ngày giao sản phẩm phải trong thời gian đặt hàng: %(days)s.") % {
                "days": ", ".join(f"{date.fromisoformat(day):%d/%m/%Y}" for day in outside)}]  # fmt: skip
    if line is None:
        errors["budget_line"] = [_("Hãy chọn dòng kinh phí chi trả.")]
    elif organisation is not None and line.organisation_id != organisation.pk:
        errors["budget_line"] = [_("Dòng kinh phí phải là của cơ quan đặt hàng.")]
    elif starts is not None and line.year != starts.year:
        errors["budget_line"] = [_("Dòng kinh phí năm %(line)d không dùng cho đặt hàng bắt đầu năm %(year)d.") % {
            "line": line.year, "year": starts.year}]  # fmt: skip
    if errors:
        raise ValidationError(errors)


def _order_values(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = {name: values.get(name) for name in ORDER_FIELDS}
    for name in ("number", "title", "policy", "keywords"):
        clean[name] = str(clean[name] or "").strip()
    clean["delivery_dates"] = sorted(set(clean["delivery_dates"] or []))
    return clean


# --- Orders: timeline ----------------------------------------------------------------------------------------------


def _event(actor: User | None, order: Order, action: EventAction, before: str, note: str = "") -> OrderEvent:
    label = (actor.get_full_name() or actor.get_username()) if actor is not None else _("Hệ thống")
    event = OrderEvent.objects.create(
        order=order, actor=actor, actor_label=label, action=action, from_status=before,
        to_status=order.status if order.status != before else "", note=note,
    )  # fmt: skip
    record_event(
        actor, f"orders.order.{action}", order, organisation=order.organisation,
        changes={"status": [before, order.status]} if before != order.status else None, summary=note[:300],
    )  # fmt: skip
    return event


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("organisation", "outlet", "budget_line").get(pk=order.pk)


def _check_status(order: Order, allowed: Sequence[str], message: str) -> None:
    if order.status not in allowed:
        raise ValidationError(message % {"status": order.get_status_display()})


# --- Orders: workflow ----------------------------------------------------------------------------------------------


@transaction.atomic
def do_create_order(actor: User, values: Mapping[str, Any]) -> Order:
    """A draft. Even a draft must fit in the budget line: an officer learns at once that the money is not there."""
    require_perm(actor, "orders.add_order")
    clean = _order_values(values)
    check_order_values(actor, clean)
    line = _locked_line(clean["budget_line"])
    if (error := _over_budget(line, clean["quantity"] * clean["unit_price"])) is not None:
        raise error
    order = Order.objects.create(**clean, created_by=actor)
    _event(actor, order, EventAction.CREATE, "", note=f"{order.title} — {vnd(order.amount)}")
    return order


@transaction.atomic
def do_update_order(actor: User, order: Order, values: Mapping[str, Any]) -> Order:
    """Only a draft is edited; an issued order is a document sent to the press agency."""
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.change_order")
    _check_status(
        current, (OrderStatus.DRAFT,), _("Chỉ sửa được đặt hàng ở trạng thái dự thảo (hiện tại: “%(status)s”).")
    )
    clean = _order_values({**{name: getattr(current, name) for name in ORDER_FIELDS}, **values})
    check_order_values(actor, clean)
    line = _locked_line(clean["budget_line"])
    if (error := _over_budget(line, clean["quantity"] * clean["unit_price"])) is not None:
        raise error
    before = snapshot(current, ORDER_FIELDS)
    for name, value in clean.items():
        setattr(current, name, value)
    current.save()
    changes = diff(before, snapshot(current, ORDER_FIELDS))
    _event(actor, current, EventAction.EDIT, current.status, note=", ".join(sorted(changes)))
    return current


@transaction.atomic
def do_issue(actor: User, order: Order, note: str = "") -> Order:
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.change_order")
    _check_status(current, (OrderStatus.DRAFT,), _("Đặt hàng đang ở trạng thái “%(status)s”, không đặt lại được."))
    line = _locked_line(current.budget_line)
    if (error := _over_budget(line, current.amount)) is not None:
        raise error
    before = current.status
    current.status, current.issued_at = OrderStatus.ISSUED, timezone.now()
    current.save(update_fields=["status", "issued_at"])
    _event(
        actor, current, EventAction.ISSUE, before, note=" — ".join(filter(None, [vnd(current.amount), note.strip()]))
    )
    return current


def check_delivery(
    order: Order, *, title: str, delivered_on: date | None, url: str, quantity: int | None, today: date | None = None
) -> None:
    _check_status(
        order, OPEN_STATUSES, _("Chỉ ghi nhận sản phẩm khi đặt hàng đã đặt, chưa nghiệm thu (hiện tại: “%(status)s”).")
    )
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Hãy nhập tên sản phẩm hoặc tiêu đề tin bài.")]
    if delivered_on is None:
        errors["delivered_on"] = [_("Hãy nhập ngày đăng, phát sóng (dd/mm/yyyy).")]
    elif delivered_on < order.starts_on:
        errors["delivered_on"] = [
            _("Ngày đăng trước thời gian đặt hàng (từ %(day)s).") % {"day": f"{order.starts_on:%d/%m/%Y}"}
        ]
    elif delivered_on > (today or timezone.localdate()):
        errors["delivered_on"] = [_("Ngày đăng không được sau ngày hôm nay.")]
    if not isinstance(quantity, int) or not 1 <= quantity <= order.quantity:
        errors["quantity"] = [_("Số lượng phải từ 1 đến %(n)d.") % {"n": order.quantity}]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Đường dẫn không hợp lệ (cần bắt đầu bằng http:// hoặc https://).")]
    if errors:
        raise ValidationError(errors)


def _check_item(order: Order, item: Item | None) -> None:
    if item is not None and item.outlet_id is not None and item.outlet_id != order.outlet_id:
        raise ValidationError({"item": [_("Tin bài này do cơ quan báo chí khác đăng.")]})


@transaction.atomic
def do_record_delivery(
    actor: User, order: Order, *, title: str, delivered_on: date | None, url: str = "", quantity: int | None = 1,
    item: Item | None = None, note: str = "", today: date | None = None,
) -> Delivery:  # fmt: skip
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.change_order")
    check_delivery(current, title=title, delivered_on=delivered_on, url=url.strip(), quantity=quantity, today=today)
    _check_item(current, item)
    assert delivered_on is not None  # noqa: S101 - check_delivery refused None; for the type checker
    delivery = Delivery.objects.create(
        order=current, title=title.strip()[:500], delivered_on=delivered_on, url=url.strip(), quantity=quantity or 1,
        item=item, note=note.strip(), recorded_by=actor,
    )  # fmt: skip
    before = current.status
    if current.status == OrderStatus.ISSUED:
        current.status = OrderStatus.DELIVERING
        current.save(update_fields=["status"])
    _event(actor, current, EventAction.DELIVER, before, note=f"{delivery.title} ({delivered_on:%d/%m/%Y})")
    return delivery


def _locked_delivery(delivery: Delivery) -> tuple[Delivery, Order]:
    order = _locked(delivery.order)
    return Delivery.objects.select_for_update().get(pk=delivery.pk, order=order), order


@transaction.atomic
def do_link_item(actor: User, delivery: Delivery, item: Item | None) -> Delivery:
    """The officer confirms (or clears, with ``None``) which monitored item the delivered product is."""
    current, order = _locked_delivery(delivery)
    _check_own(actor, order.organisation_id, "orders.change_order")
    _check_status(order, (*OPEN_STATUSES,), _("Đặt hàng đang ở trạng thái “%(status)s”, không sửa sản phẩm được."))
    _check_item(order, item)
    current.item = item
    if item is not None and not current.url:
        current.url = item.url
    current.save(update_fields=["item", "url"])
    _event(actor, order, EventAction.LINK, order.status, note=f"{current.title} → {item.title[:200] if item else '—'}")
    return current


@transaction.atomic
def do_accept_delivery(actor: User, delivery: Delivery, accepted_quantity: int | None, note: str = "") -> Delivery:
    """Accept a delivered product (nghiệm thu): its quantity × the unit price is spent from the budget line."""
    current, order = _locked_delivery(delivery)
    _check_own(actor, order.organisation_id, "orders.accept_order")
    _check_status(
        order, (OrderStatus.DELIVERING,), _("Đặt hàng đang ở trạng thái “%(status)s”, không nghiệm thu được.")
    )
    if current.status != DeliveryStatus.PENDING:
        raise ValidationError(_("Sản phẩm này đã được xử lý (%(status)s).") % {"status": current.get_status_display()})
    if not isinstance(accepted_quantity, int) or not 1 <= accepted_quantity <= current.quantity:
        raise ValidationError(
            {"accepted_quantity": [_("Số lượng nghiệm thu phải từ 1 đến %(n)d.") % {"n": current.quantity}]}
        )
    already = order.deliveries.filter(status=DeliveryStatus.ACCEPTED).aggregate(n=Sum("accepted_quantity"))["n"] or 0
    if already + accepted_quantity > order.quantity:
        raise ValidationError({"accepted_quantity": [
            _("Vượt số lượng đặt hàng: đã nghiệm thu %(done)d/%(total)d sản phẩm, chỉ còn %(left)d.")
            % {"done": already, "total": order.quantity, "left": order.quantity - already}
        ]})  # fmt: skip
    current.status, current.accepted_quantity = DeliveryStatus.ACCEPTED, accepted_quantity
    current.accepted_amount = accepted_quantity * order.unit_price
    current.accepted_by, current.accepted_at, current.note = actor, timezone.now(), note.strip() or current.note
    current.save()
    priced = f"{accepted_quantity} × {vnd(order.unit_price)} = {vnd(current.accepted_amount)}"
    _event(actor, order, EventAction.ACCEPT_DELIVERY, order.status, note=f"{current.title}: {priced}")
    return current


@transaction.atomic
def do_reject_delivery(actor: User, delivery: Delivery, note: str) -> Delivery:
    current, order = _locked_delivery(delivery)
    _check_own(actor, order.organisation_id, "orders.accept_order")
    _check_status(
        order, (OrderStatus.DELIVERING,), _("Đặt hàng đang ở trạng thái “%(status)s”, không nghiệm thu được.")
    )
    if current.status != DeliveryStatus.PENDING:
        raise ValidationError(_("Sản phẩm này đã được xử lý (%(status)s).") % {"status": current.get_status_display()})
    if not note.strip():
        raise ValidationError({"note": [_("Hãy nêu lý do sản phẩm không đạt.")]})
    current.status, current.note, current.accepted_by, current.accepted_at = (
        DeliveryStatus.REJECTED, note.strip(), actor, timezone.now()
    )  # fmt: skip
    current.save()
    _event(actor, order, EventAction.REJECT_DELIVERY, order.status, note=f"{current.title}: {current.note}")
    return current


def accepted_quantity(order: Order) -> int:
    return int(order.deliveries.filter(status=DeliveryStatus.ACCEPTED).aggregate(n=Sum("accepted_quantity"))["n"] or 0)


@transaction.atomic
def do_accept_order(actor: User, order: Order, note: str = "") -> Order:
    """Accept the order as a whole: fully when every ordered product was accepted, otherwise partly (with the
    reason). The part not accepted is released to the budget line."""
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.accept_order")
    _check_status(
        current, (OrderStatus.DELIVERING,), _("Chỉ nghiệm thu được đặt hàng đang thực hiện (hiện tại: “%(status)s”).")
    )
    if current.deliveries.filter(status=DeliveryStatus.PENDING).exists():
        raise ValidationError(_("Còn sản phẩm chờ nghiệm thu: hãy nghiệm thu hoặc đánh dấu không đạt trước."))
    done = accepted_quantity(current)
    if done == 0:
        raise ValidationError(_("Chưa có sản phẩm nào được nghiệm thu; nếu không thực hiện, hãy hủy đặt hàng."))
    before = current.status
    if done < current.quantity:
        if not note.strip():
            message = _("Nghiệm thu một phần (%(done)d/%(total)d sản phẩm): hãy ghi lý do.")
            raise ValidationError({"note": [message % {"done": done, "total": current.quantity}]})
        current.status = OrderStatus.PARTLY_ACCEPTED
    else:
        current.status = OrderStatus.ACCEPTED
    current.acceptance_note, current.accepted_at = note.strip(), timezone.now()
    current.save(update_fields=["status", "acceptance_note", "accepted_at"])
    _event(
        actor,
        current,
        EventAction.ACCEPT,
        before,
        note=" — ".join(filter(None, [f"{done}/{current.quantity}", note.strip()])),
    )
    return current


@transaction.atomic
def do_close(actor: User, order: Order, note: str = "") -> Order:
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.close_order")
    _check_status(
        current, (OrderStatus.ACCEPTED, OrderStatus.PARTLY_ACCEPTED),
        _("Chỉ thanh lý được đặt hàng đã nghiệm thu (hiện tại: “%(status)s”)."),
    )  # fmt: skip
    before = current.status
    current.status, current.closed_at = OrderStatus.CLOSED, timezone.now()
    current.save(update_fields=["status", "closed_at"])
    _event(actor, current, EventAction.CLOSE, before, note=note.strip())
    return current


@transaction.atomic
def do_cancel(actor: User, order: Order, reason: str) -> Order:
    """Cancel before anything was accepted; an order with accepted products is accepted partly instead."""
    current = _locked(order)
    _check_own(actor, current.organisation_id, "orders.close_order")
    _check_status(current, (OrderStatus.DRAFT, *OPEN_STATUSES), _("Không hủy được đặt hàng ở trạng thái “%(status)s”."))
    if not reason.strip():
        raise ValidationError({"note": [_("Hãy nêu lý do hủy.")]})
    if current.deliveries.filter(status=DeliveryStatus.ACCEPTED).exists():
        raise ValidationError(_("Đã có sản phẩm được nghiệm thu: hãy nghiệm thu một phần thay vì hủy."))
    before = current.status
    current.status, current.cancel_reason = OrderStatus.CANCELLED, reason.strip()
    current.save(update_fields=["status", "cancel_reason"])
    _event(actor, current, EventAction.CANCEL, before, note=current.cancel_reason)
    return current


# --- Other expenses ------------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_expense(
    actor: User, line: BudgetLine, *, description: str, amount: int | None, spent_on: date | None,
    document: str = "", campaign: Any = None, today: date | None = None,
) -> Expense:  # fmt: skip
    require_perm(actor, "orders.add_expense")
    current = _locked_line(line)
    if not in_scope(actor, current.organisation_id):
        raise PermissionDenied(_("Dòng kinh phí này thuộc cơ quan khác, bạn không có quyền thao tác."))
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Hãy nêu nội dung chi.")]
    if not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("Số tiền phải lớn hơn 0 đồng.")]
    if spent_on is None:
        errors["spent_on"] = [_("Hãy nhập ngày chi (dd/mm/yyyy).")]
    elif spent_on.year != current.year:
        errors["spent_on"] = [_("Ngày chi phải trong năm %(year)d của dòng kinh phí.") % {"year": current.year}]
    elif spent_on > (today or timezone.localdate()):
        errors["spent_on"] = [_("Ngày chi không được sau ngày hôm nay.")]
    if errors:
        raise ValidationError(errors)
    assert isinstance(amount, int) and spent_on is not None  # noqa: S101 - checked above; for the type checker
    if (error := _over_budget(current, amount)) is not None:
        raise error
    expense = Expense.objects.create(
        budget_line=current, description=description.strip()[:300], amount=amount, spent_on=spent_on,
        document=document.strip()[:100], campaign=campaign, created_by=actor,
    )  # fmt: skip
    record_event(
        actor, "orders.expense.create", expense, organisation=current.organisation,
        summary=f"{expense.description}: {vnd(amount)}",
    )  # fmt: skip
    return expense
