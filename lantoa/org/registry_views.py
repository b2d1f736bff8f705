"""The spokesperson registry pages: coverage for the press office (an agency sees its own), the confirmation an
organisation gives that its data is still right, the exports sent to the press authority, and the public directory
(no login: names, titles, organisations and official contacts only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, in_scope
from lantoa.org import network, registry, services
from lantoa.org.models import Organisation

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILTERS = ("missing", "stale")


@login_required
def registry_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    found = registry.entries(services.visible_organisations(user), today)
    status = request.GET.get("tinh-trang", "")
    kind = request.GET.get("loai", "")
    shown = [entry for entry in found if not kind or entry.organisation.kind == kind]
    if status == "missing":
        shown = [entry for entry in shown if not entry.has_spokesperson]
    elif status == "stale":
        shown = [entry for entry in shown if entry.is_stale]
    can_confirm = user.has_perm("org.change_person")
    context = {
        "coverage": registry.coverage(found),
        "entries": shown,
        "status": status,
        "kind": kind,
        "today": today,
        "can_confirm": can_confirm,
        "confirmable": {
            entry.organisation.pk for entry in shown if can_confirm and in_scope(user, entry.organisation.pk)
        },
    }
    return render(request, "org/registry.html", context)


@login_required
def registry_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = acting_user(request)
    today = timezone.localdate()
    found = registry.entries(services.visible_organisations(user), today)
    body = registry.docx_bytes(found, today) if fmt == "docx" else registry.xlsx_bytes(found, today)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="nguoi-phat-ngon-{today:%Y-%m-%d}.{fmt}"'
    return response


@login_required
@require_POST
def registry_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        count = services.do_confirm_registry(user, organisation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã xác nhận thông tin %(count)d người của %(name)s.") % {"count": count, "name": organisation.name},
        )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("org:registry")


def public_directory(request: HttpRequest) -> HttpResponse:
    """Anyone: the spokespersons and persons authorised to inform the press, with official contacts only."""
    today = timezone.localdate()
    found = registry.entries(Organisation.objects.all(), today, kinds=registry.DIRECTORY_KINDS)
    listed = [entry for entry in found if entry.people]
    return render(request, "org/public_directory.html", {"entries": listed, "today": today})


# --- the network of policy communicators (plan II.4) ----------------------------------------------------------------
NETWORK_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def network_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    found = network.entries(services.visible_organisations(user))
    kind = request.GET.get("loai", "")
    shown = [entry for entry in found if not kind or entry.organisation.kind == kind]
    missing_only = request.GET.get("tinh-trang", "") == "missing"
    if missing_only:
        shown = [entry for entry in shown if not entry.covered]
    context = {
        "coverage": network.coverage(found),
        "entries": shown,
        "kind": kind,
        "missing_only": missing_only,
        "can_edit_people": user.has_perm("org.change_person"),
    }
    return render(request, "org/network.html", context)


@login_required
def network_export(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    found = network.entries(services.visible_organisations(user))
    response = HttpResponse(network.xlsx_bytes(found, today), content_type=NETWORK_XLSX)
    response["Content-Disposition"] = f'attachment; filename="mang-luoi-truyen-thong-{today:%Y-%m-%d}.xlsx"'
    return response
