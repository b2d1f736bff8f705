"""Back-office pages: the register and its entries, the overdue/missing matrix, requests for information (list,
entry from a letter, detail with timeline and actions), statistics and XLSX. Views are thin: changes go through
``register`` and ``services``; a refused action re-shows the page with the input and the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import User
from lantoa.accounts.permissions import acting_user, require_perm
from lantoa.core import privacy
from lantoa.disclosure import forms, register, reports, services
from lantoa.disclosure.categories import by_code
from lantoa.disclosure.models import OPEN_REQUEST_STATUSES, DisclosureEntry, InformationRequest, RequestStatus
from lantoa.org.models import OrganisationKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors_into(form: django_forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Register ------------------------------------------------------------------------------------------------------


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    entries = register.visible_entries(user).select_related("organisation")
    organisations = register.register_organisations(user)
    chosen = request.GET.get("co_quan", "")
    if chosen.isdigit():
        entries = entries.filter(organisation_id=int(chosen))
    if request.GET.get("qua_han"):
        entries = entries.filter(published_on__isnull=True, due_on__lt=timezone.localdate())
    page = Paginator(entries.order_by("-issued_on", "-id"), 50).get_page(request.GET.get("trang"))
    context = {
        "page": page, "organisations": organisations, "chosen": chosen,
        "today": timezone.localdate(), "can_add": user.has_perm("disclosure.add_disclosureentry"),
    }  # fmt: skip
    return render(request, "disclosure/register.html", context)


def _entry_page(
    request: HttpRequest, user: User, entry: DisclosureEntry | None, status: int = 200
) -> HttpResponse | None:
    organisations = register.register_organisations(user)
    if request.method == "POST":
        form = forms.EntryForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                saved = register.do_save_entry(user, form.cleaned_data, entry)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Đã lưu “%(title)s”.") % {"title": saved.title})
                return None
        status = 400
    else:
        initial: dict[str, Any] = {}
        if entry is not None:
            initial = {name: getattr(entry, name) for name in register.ENTRY_FIELDS}
        elif user.organisation_id is not None and organisations.filter(pk=user.organisation_id).exists():
            initial = {"organisation": user.organisation_id}
        form = forms.EntryForm(initial=initial, organisations=organisations)
    context = {"form": form, "entry": entry, "categories": list(by_code().values())}
    return render(request, "disclosure/entry_form.html", context, status=status)


@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "disclosure.add_disclosureentry")
    return _entry_page(request, user, None) or redirect("disclosure:register")


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    entry = get_object_or_404(DisclosureEntry.objects.select_related("organisation"), pk=pk)
    try:
        register.check_can_view_entry(user, entry)
    except PermissionDenied:
        if user.has_perm("disclosure.view_disclosureentry"):
            raise Http404 from None
        raise
    require_perm(user, "disclosure.change_disclosureentry")
    return _entry_page(request, user, entry) or redirect("disclosure:register")


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kind = request.GET.get("loai", "")
    if kind not in OrganisationKind.values:
        kind = ""
    built = register.matrix(user, kind=kind)
    context = {"matrix": built, "kind": kind, "kinds": OrganisationKind.choices}
    return render(request, "disclosure/matrix.html", context)


# --- Requests ------------------------------------------------------------------------------------------------------


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    requests = services.visible_requests(user)
    filters = forms.RequestFilterForm(request.GET or None)
    today = timezone.localdate()
    if filters.is_valid():
        if status := filters.cleaned_data["trang_thai"]:
            requests = requests.filter(status=status)
        if filters.cleaned_data["qua_han"]:
            requests = requests.filter(status__in=OPEN_REQUEST_STATUSES, deadline__lt=today)
    requests = requests.select_related("organisation").order_by("-received_on", "-id")
    page = Paginator(requests, 30).get_page(request.GET.get("trang"))
    context = {
        "page": page, "filters": filters, "today": today,
        "can_create": user.has_perm("disclosure.add_informationrequest"),
    }  # fmt: skip
    return render(request, "disclosure/request_list.html", context)


def _submission(data: dict[str, Any]) -> services.Submission:
    return services.Submission(
        data["name"], data["address"], data["email"], data["phone"], data["information"], data["purpose"],
        data["provision_form"],
    )  # fmt: skip


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "disclosure.add_informationrequest")
    office = services.is_press_office(user)
    if request.method != "POST":
        form = forms.OfficerRequestForm(initial={"received_on": timezone.localdate()})
        return render(request, "disclosure/request_form.html", {"form": form, "office": office})
    form = forms.OfficerRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.do_enter(
                user, _submission(data), received_via=data["received_via"], received_on=data["received_on"],
                organisation=data["organisation"] if office else None,
            )  # fmt: skip
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận yêu cầu %(ref)s.") % {"ref": created.reference})
            return redirect("disclosure:request_detail", pk=created.pk)
    return render(request, "disclosure/request_form.html", {"form": form, "office": office}, status=400)


def _request_for(user: User, pk: int) -> InformationRequest:
    """A request the user may see; 404 for one outside the scope (its existence is not revealed)."""
    found = InformationRequest.objects.select_related("organisation", "addressed_to")
    info_request = get_object_or_404(found, pk=pk)
    try:
        services.check_can_view(user, info_request)
    except PermissionDenied:
        if user.has_perm("disclosure.view_informationrequest"):
            raise Http404 from None
        raise
    return info_request


ACTION_FORMS: dict[str, type[django_forms.Form]] = {
    "assign": forms.AssignForm,
    "extend": forms.ExtendForm,
    "answer": forms.AnswerForm,
    "refuse": forms.RefuseForm,
}


def allowed_actions(user: User, info_request: InformationRequest) -> list[str]:
    """What the page offers; the services check again on submit."""
    if not info_request.is_open:
        return []
    actions = []
    if user.has_perm("disclosure.assign_informationrequest"):
        actions.append("assign")
    if info_request.status == RequestStatus.ASSIGNED and services.can_work(user, info_request):
        if info_request.extended_on is None and not info_request.is_overdue():
            actions.append("extend")
        actions += ["answer", "refuse"]
    return actions


def _initial(info_request: InformationRequest, action: str) -> dict[str, Any]:
    today = timezone.localdate()
    if action == "assign":
        return {"organisation": info_request.organisation_id or info_request.addressed_to_id}
    if action == "answer":
        return {"answered_on": today, "provided_how": info_request.provision_form}
    if action == "refuse":
        return {"answered_on": today}
    return {}


def _detail_page(
    request: HttpRequest, user: User, info_request: InformationRequest, bound: django_forms.Form | None = None,
    bound_action: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    actions = allowed_actions(user, info_request)
    if bound is not None and bound_action not in actions:
        actions.append(bound_action)
    action_forms = {
        action: bound if action == bound_action and bound is not None
        else ACTION_FORMS[action](initial=_initial(info_request, action), prefix=action)
        for action in actions
    }  # fmt: skip
    privacy.log_personal_data_access(user, "disclosure.request", info_request)  # the page shows the contact
    context = {
        "r": info_request, "forms": action_forms, "overdue": info_request.is_overdue(),
        "events": info_request.events.order_by("at", "id"), "attachments": info_request.attachments.all(),
    }  # fmt: skip
    return render(request, "disclosure/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, _request_for(user, pk))


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request = _request_for(user, pk)
    action = request.POST.get("action", "")
    if action not in ACTION_FORMS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("disclosure:request_detail", pk=pk)
    form = ACTION_FORMS[action](request.POST, request.FILES, prefix=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "assign":
                services.do_assign(user, info_request, data["organisation"], data["note"])
            elif action == "extend":
                services.do_extend(user, info_request, data["reason"])
            elif action == "answer":
                services.do_answer(
                    user, info_request, text=data["text"], provided_how=data["provided_how"],
                    answered_on=data["answered_on"], upload=data["file"],
                )  # fmt: skip
            else:
                services.do_refuse(
                    user, info_request, ground=data["ground"], reason=data["reason"], answered_on=data["answered_on"]
                )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã cập nhật yêu cầu %(ref)s.") % {"ref": info_request.reference})
            return redirect("disclosure:request_detail", pk=pk)
    info_request.refresh_from_db()
    return _detail_page(request, user, info_request, form, action, status=400)


@login_required
def request_file(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Served through the scope check, never from a public media URL."""
    info_request = _request_for(acting_user(request), pk)
    attachment = get_object_or_404(info_request.attachments, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Statistics ----------------------------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    field = django_forms.DateField(input_formats=forms.DATE_FORMATS, required=False)
    try:
        start = field.clean(request.GET.get("tu", "")) or start
        end = field.clean(request.GET.get("den", "")) or end
    except ValidationError:
        messages.error(request, _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."))
    return (end, start) if start > end else (start, end)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    start, end = _period(request)
    built = reports.build(user, start, end)
    query = f"tu={start:%d/%m/%Y}&den={end:%d/%m/%Y}"
    return render(request, "disclosure/statistics.html", {"stats": built, "query": query})


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    start, end = _period(request)
    response = HttpResponse(reports.xlsx_bytes(reports.build(user, start, end)), content_type=XLSX)
    name = f"thong-ke-yeu-cau-cung-cap-thong-tin-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
