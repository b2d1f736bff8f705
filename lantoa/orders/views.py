"""Press-order and budget pages. Views are thin: every change goes through ``services``; a refused action re-shows
the page with the officer's input and the reason (status 400)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import User
from lantoa.accounts.permissions import acting_user, in_scope, scoped_organisation_ids
from lantoa.campaigns.models import Campaign
from lantoa.monitoring.models import Item
from lantoa.orders import budget, forms, matching, services
from lantoa.orders.models import OPEN_STATUSES, BudgetLine, Delivery, DeliveryStatus, Order, OrderStatus
from lantoa.org.models import Organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors_into(form: django_forms.Form, error: ValidationError) -> None:
    """Put a service's error next to the field it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _not_found_outside_scope(user: User, perm: str, error: PermissionDenied) -> Exception:
    """Outside the scope: 404 (the object's existence is not revealed); without the permission at all: 403."""
    return Http404() if user.has_perm(perm) else error


def _scoped_organisations(user: User) -> QuerySet[Organisation]:
    scope = scoped_organisation_ids(user)
    found = Organisation.objects.filter(is_active=True)
    return found if scope is None else found.filter(id__in=scope)


def _campaigns(user: User) -> QuerySet[Campaign]:
    scope = scoped_organisation_ids(user)
    found = Campaign.objects.order_by("-starts_on", "title")
    return found if scope is None else found.filter(organisation_id__in=scope)


def _year(request: HttpRequest) -> int:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


# --- Orders --------------------------------------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    orders = services.visible_orders(user)
    filters = forms.FilterForm(request.GET or None)
    filters.fields["co_quan"].queryset = _scoped_organisations(user).filter(press_orders__isnull=False).distinct()  # type: ignore[attr-defined]
    if filters.is_valid():
        if status := filters.cleaned_data["trang_thai"]:
            orders = orders.filter(status=status)
        if organisation := filters.cleaned_data["co_quan"]:
            orders = orders.filter(organisation=organisation)
        if year := filters.cleaned_data["nam"]:
            orders = orders.filter(budget_line__year=year)
    orders = orders.select_related("organisation", "outlet").order_by("-starts_on", "-id")
    page = Paginator(orders, 30).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "page": page, "filters": filters, "query": query.urlencode(),
        "can_create": user.has_perm("orders.add_order") and _scoped_organisations(user).exists(),
    }  # fmt: skip
    return render(request, "orders/order_list.html", context)


def _order_form(user: User, data: Any = None, initial: dict[str, Any] | None = None) -> forms.OrderForm:
    lines = services.visible_lines(user).select_related("organisation").order_by("-year", "organisation__name", "name")
    return forms.OrderForm(
        data, initial=initial, organisations=_scoped_organisations(user), lines=lines, campaigns=_campaigns(user)
    )


@login_required
def order_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm("orders.add_order"):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if request.method != "POST":
        initial: dict[str, Any] = {"organisation": user.organisation_id, "quantity": 1}
        return render(request, "orders/order_form.html", {"form": _order_form(user, initial=initial), "order": None})
    form = _order_form(user, request.POST)
    if form.is_valid():
        try:
            order = services.do_create_order(user, form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã lập đặt hàng %(ref)s (dự thảo).") % {"ref": order.reference})
            return redirect("orders:detail", pk=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": None}, status=400)


def _order_for(user: User, pk: int) -> Order:
    order = get_object_or_404(
        Order.objects.select_related("organisation", "outlet", "budget_line", "campaign", "created_by"), pk=pk
    )
    try:
        services.check_can_view(user, order)
    except PermissionDenied as exc:
        raise _not_found_outside_scope(user, "orders.view_order", exc) from None
    return order


@login_required
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    order = _order_for(user, pk)
    if request.method != "POST":
        initial = {name: getattr(order, name) for name in services.ORDER_FIELDS}
        return render(request, "orders/order_form.html", {"form": _order_form(user, initial=initial), "order": order})
    form = _order_form(user, request.POST)
    if form.is_valid():
        try:
            services.do_update_order(user, order, form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã lưu đặt hàng %(ref)s.") % {"ref": order.reference})
            return redirect("orders:detail", pk=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": order}, status=400)


def allowed_actions(user: User, order: Order) -> set[str]:
    """What the detail page offers; the services check again on submit."""
    if not in_scope(user, order.organisation_id):
        return set()
    status, actions = order.status, set()
    if user.has_perm("orders.change_order"):
        if status == OrderStatus.DRAFT:
            actions |= {"issue", "edit"}
        if status in OPEN_STATUSES:
            actions |= {"deliver", "link"}
    if user.has_perm("orders.accept_order") and status == OrderStatus.DELIVERING:
        actions |= {"accept_delivery", "accept"}
    if user.has_perm("orders.close_order"):
        if status in (OrderStatus.ACCEPTED, OrderStatus.PARTLY_ACCEPTED):
            actions.add("close")
        if status in (OrderStatus.DRAFT, *OPEN_STATUSES):
            actions.add("cancel")
    return actions


ACTION_FORMS: dict[str, type[django_forms.Form]] = {
    "issue": forms.NoteForm,
    "deliver": forms.DeliveryForm,
    "accept": forms.AcceptOrderForm,
    "close": forms.NoteForm,
    "cancel": forms.CancelForm,
}


def _detail_page(
    request: HttpRequest, user: User, order: Order, bound: django_forms.Form | None = None, bound_action: str = "",
    error: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    actions = allowed_actions(user, order)
    fresh = {"deliver": {"delivered_on": timezone.localdate(), "quantity": 1}}
    action_forms = {
        action: bound if action == bound_action and bound is not None else form_class(
            prefix=action, initial=fresh.get(action)
        )
        for action, form_class in ACTION_FORMS.items()
        if action in actions or action == bound_action
    }  # fmt: skip
    deliveries = list(order.deliveries.select_related("item", "accepted_by").order_by("delivered_on", "id"))
    linked = {delivery.item_id for delivery in deliveries if delivery.item_id}
    # Suggestions only where an officer can still link: open orders, products not yet linked.
    candidates = {
        delivery.pk: matching.suggest_items(order, delivery.title, exclude=linked)
        for delivery in deliveries
        if "link" in actions and delivery.item_id is None
    }
    accepted = sum(delivery.accepted_quantity for delivery in deliveries if delivery.status == DeliveryStatus.ACCEPTED)
    context = {
        "order": order, "forms": action_forms, "actions": actions, "error": error,
        "deliveries": [(delivery, candidates.get(delivery.pk, [])) for delivery in deliveries],
        "accepted_quantity": accepted,
        "accepted_amount": sum(delivery.accepted_amount for delivery in deliveries),
        "usage": budget.usage_of(order.budget_line),
        "events": order.events.order_by("at", "id"),
    }  # fmt: skip
    return render(request, "orders/order_detail.html", context, status=status)


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, _order_for(user, pk))


def _delivery_of(order: Order, request: HttpRequest) -> Delivery:
    value = request.POST.get("delivery", "")
    if not value.isdigit():
        raise Http404
    return get_object_or_404(Delivery.objects.select_related("order"), pk=int(value), order=order)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@login_required
@require_POST
def order_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    order = _order_for(user, pk)
    action = request.POST.get("action", "")
    try:
        if action in ACTION_FORMS:
            form = ACTION_FORMS[action](request.POST, prefix=action)
            if not form.is_valid():
                return _detail_page(request, user, order, form, action, status=400)
            try:
                _perform(user, order, action, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
                order.refresh_from_db()
                return _detail_page(request, user, order, form, action, status=400)
        elif action in ("accept_delivery", "reject_delivery", "link"):
            delivery = _delivery_of(order, request)
            note = request.POST.get("note", "")
            if action == "accept_delivery":
                services.do_accept_delivery(user, delivery, _int(request.POST.get("accepted_quantity")), note)
            elif action == "reject_delivery":
                services.do_reject_delivery(user, delivery, note)
            else:
                item_id = _int(request.POST.get("item"))
                item = get_object_or_404(Item, pk=item_id) if item_id else None
                services.do_link_item(user, delivery, item)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("orders:detail", pk=pk)
    except ValidationError as exc:
        order.refresh_from_db()
        return _detail_page(request, user, order, error=" ".join(exc.messages), status=400)
    messages.success(request, _("Đã cập nhật đặt hàng %(ref)s.") % {"ref": order.reference})
    return redirect("orders:detail", pk=pk)


def _perform(user: User, order: Order, action: str, data: dict[str, Any]) -> None:
    note = data.get("note", "")
    if action == "issue":
        services.do_issue(user, order, note)
    elif action == "deliver":
        services.do_record_delivery(
            user, order, title=data["title"], delivered_on=data["delivered_on"], url=data["url"],
            quantity=data["quantity"], note=note,
        )  # fmt: skip
    elif action == "accept":
        services.do_accept_order(user, order, note)
    elif action == "close":
        services.do_close(user, order, note)
    elif action == "cancel":
        services.do_cancel(user, order, note)


# --- Budget --------------------------------------------------------------------------------------------------------


@login_required
def budget_summary(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    year = _year(request)
    rows, grand = budget.summary(services.visible_lines(user).filter(year=year))
    context = {
        "rows": rows, "grand": grand, "year": year, "years": range(timezone.localdate().year + 1, 2019, -1),
        "can_add_line": user.has_perm("orders.add_budgetline"),
    }  # fmt: skip
    return render(request, "orders/budget_summary.html", context)


@login_required
def budget_export(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    year = _year(request)
    rows, grand = budget.summary(services.visible_lines(user).filter(year=year))
    title = _("Kinh phí truyền thông chính sách năm %(year)d (xuất ngày %(day)s)") % {
        "year": year, "day": f"{timezone.localdate():%d/%m/%Y}"}  # fmt: skip
    response = HttpResponse(budget.xlsx_bytes(rows, grand, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kinh-phi-truyen-thong-{year}.xlsx"'
    return response


@login_required
def line_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm("orders.add_budgetline"):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    form = forms.BudgetLineForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            line = services.do_create_line(user, form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã thêm dòng kinh phí %(name)s.") % {"name": str(line)})
            return redirect(f"{_url('orders:budget')}?nam={line.year}")
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/line_form.html", {"form": form, "line": None}, status=status)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _line_for(user: User, pk: int) -> BudgetLine:
    line = get_object_or_404(BudgetLine.objects.select_related("organisation"), pk=pk)
    try:
        services.check_can_view_line(user, line)
    except PermissionDenied as exc:
        raise _not_found_outside_scope(user, "orders.view_budgetline", exc) from None
    return line


@login_required
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    line = _line_for(user, pk)
    if not user.has_perm("orders.change_budgetline"):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    initial = {name: getattr(line, name) for name in services.LINE_FIELDS}
    form = forms.BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_line(user, line, form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã lưu dòng kinh phí %(name)s.") % {"name": str(line)})
            return redirect("orders:line", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/line_form.html", {"form": form, "line": line}, status=status)


def _line_page(
    request: HttpRequest, user: User, line: BudgetLine, form: forms.ExpenseForm | None = None, status: int = 200
) -> HttpResponse:
    can_spend = user.has_perm("orders.add_expense") and in_scope(user, line.organisation_id)
    if form is None and can_spend:
        form = forms.ExpenseForm(initial={"spent_on": timezone.localdate()}, campaigns=_campaigns(user))
    context = {
        "line": line, "usage": budget.usage_of(line), "expense_form": form,
        "orders": line.orders.select_related("outlet").order_by("-starts_on", "-id"),
        "expenses": line.expenses.select_related("campaign").order_by("-spent_on", "-id"),
        "can_edit": user.has_perm("orders.change_budgetline"),
    }  # fmt: skip
    return render(request, "orders/line_detail.html", context, status=status)


@login_required
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _line_page(request, user, _line_for(user, pk))


@login_required
@require_POST
def expense_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    line = _line_for(user, pk)
    form = forms.ExpenseForm(request.POST, campaigns=_campaigns(user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.do_add_expense(
                user, line, description=data["description"], amount=data["amount"], spent_on=data["spent_on"],
                document=data["document"], campaign=data["campaign"],
            )  # fmt: skip
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã ghi khoản chi."))
            return redirect("orders:line", pk=pk)
    return _line_page(request, user, line, form, status=400)
