"""Alert pages: the rules, a rule's form with a preview on the last 7 days (htmx), the user's notifications.
Thin: parse, authorise through the services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, is_province_wide, require_perm
from lantoa.alerts import services
from lantoa.alerts.forms import AlertRuleForm
from lantoa.alerts.models import AlertRule, Notification

PAGE_SIZE = 50


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rules = (
        services.visible_rules(user)
        .select_related("owner", "organisation", "outlet")
        .annotate(match_count=Count("matches"))
        .order_by("name", "id")
    )
    context = {
        "rules": rules,
        "can_add": user.has_perm("alerts.add_alertrule"),
        "can_change": user.has_perm("alerts.change_alertrule"),
    }
    return render(request, "alerts/rule_list.html", context)


@login_required
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    rule = get_object_or_404(services.visible_rules(user), pk=pk) if pk else None
    require_perm(user, "alerts.change_alertrule" if rule else "alerts.add_alertrule")
    form = AlertRuleForm(request.POST or None, instance=rule, province_wide=is_province_wide(user))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            saved = services.do_update_rule(user, rule, values) if rule else services.do_create_rule(user, values)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu quy tắc cảnh báo."))
            return redirect("alerts:rule_edit", pk=saved.pk)
    recent = rule.matches.select_related("story")[:20] if rule else []
    return render(request, "alerts/rule_form.html", {"form": form, "rule": rule, "recent": recent})


@login_required
@require_POST
def rule_preview(request: HttpRequest) -> HttpResponse:
    """The form's "try it on the last 7 days": the unsaved rule's matches, or the reason it cannot run."""
    user = acting_user(request)
    services.check_preview(user)
    form = AlertRuleForm(request.POST, province_wide=is_province_wide(user))
    form.is_valid()  # errors of other fields do not stop a preview; only the query matters here
    candidate = AlertRule(**{name: value for name, value in form.cleaned_data.items() if name != "organisation"})
    candidate.query = request.POST.get("query", "")
    problem = ""
    items: list[object] = []
    total = 0
    try:
        services.check_query(candidate.query)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    else:
        found, total = services.preview(user, candidate)
        items = list(found)
    context = {"items": items, "total": total, "problem": problem}
    return render(request, "alerts/_preview.html", context)


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    rule = get_object_or_404(services.visible_rules(user), pk=pk)
    services.do_delete_rule(user, rule)
    messages.success(request, _("Đã xóa quy tắc cảnh báo."))
    return redirect("alerts:rule_list")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = services.my_notifications(acting_user(request))
    unread = notifications.filter(read_at__isnull=True).count()
    ordered = notifications.select_related("rule", "story").order_by("-created_at", "-id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "alerts/notification_list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    notification = get_object_or_404(Notification, pk=pk, user=user) if pk else None
    services.do_mark_read(user, notification)
    return redirect("alerts:notification_list")
