from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lantoa.accounts.permissions import acting_user, has_any_role, is_province_wide, roles_of
from lantoa.accounts.roles import ROLE_LABELS
from lantoa.core import privacy
from lantoa.core.health import health


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, report = health()
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: today's coverage, negative stories, spikes and trend charts (filterable by commune and
    sector), and the shells of the panels later issues fill (press desk, consultation…)."""
    user = request.user
    context: dict[str, object] = {
        "roles": [ROLE_LABELS[role] for role in sorted(roles_of(user))],
        "has_role": has_any_role(user),
        "province_wide": is_province_wide(user),
    }
    # Press coverage is public material: whoever reads the stream sees the whole province's figures.
    if context["has_role"] and user.has_perm("monitoring.view_item"):
        from lantoa.monitoring.models import Source
        from lantoa.trends.report import cached_dashboard_data
        from lantoa.trends.series import Filters
        from lantoa.trends.views import filter_context

        filters = Filters.from_params(request.GET)
        context.update(filter_context(filters))
        context["coverage"] = cached_dashboard_data(filters)
        context["flagged"] = Source.objects.filter(flagged=True).count()
        context.update(_alert_and_digest_panels(user))
        from lantoa.press.services import overdue_summary

        context["press"] = overdue_summary(acting_user(request))
        from lantoa.consultation.models import Consultation, Phase
        from lantoa.consultation.services import large_impact_without_campaign

        context["open_consultations"] = Consultation.objects.filter(phase=Phase.OPEN).count()
        context["large_impact_without_campaign"] = large_impact_without_campaign(acting_user(request))
    return render(request, "core/dashboard.html", context)


def _alert_and_digest_panels(user: Any) -> dict[str, object]:
    from lantoa.alerts.services import my_notifications
    from lantoa.digests.models import Digest, DigestStatus

    unread = my_notifications(user).filter(read_at__isnull=True)
    panels: dict[str, object] = {"unread_alerts": unread.count(), "recent_alerts": list(unread[:5])}
    if user.has_perm("digests.view_digest"):
        issued = Digest.objects.filter(status=DigestStatus.ISSUED).order_by("-issued_at", "-id")
        panels["latest_digests"] = list(issued[:3])
        if user.has_perm("digests.change_digest"):
            panels["drafts_to_review"] = Digest.objects.filter(status=DigestStatus.DRAFT).count()
    return panels


# --- Citizens' personal data: look up, export, erase (lantoa.core.privacy) -----------------------------------------
# The address or phone travels only in POST bodies, never in a URL (web server logs, browser history).
def _privacy_page(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    context.setdefault("holders", privacy.holders())
    context["rows"] = privacy.shown(context.get("found") or [])  # type: ignore[arg-type]
    return render(request, "core/privacy.html", context, status=status)


@login_required
@never_cache
def privacy_lookup(request: HttpRequest) -> HttpResponse:
    """Find every record held about one person (by e-mail or phone) across the apps; each lookup is audited."""
    user = acting_user(request)
    privacy.check_can_manage(user)
    if request.method != "POST":
        return _privacy_page(request, {"subject": ""})
    text = request.POST.get("subject", "")[:254]
    try:
        subject, found = privacy.do_lookup(user, text)
    except ValidationError as exc:
        return _privacy_page(request, {"subject": text, "error": " ".join(exc.messages)}, status=400)
    return _privacy_page(request, {"subject": subject.value, "found": found, "searched": True})


@login_required
@require_POST
@never_cache
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Everything held about the person as a JSON download (to hand to them); audited."""
    user = acting_user(request)
    text = request.POST.get("subject", "")[:254]
    try:
        data = privacy.do_export_personal_data(user, text)
    except ValidationError as exc:
        return _privacy_page(request, {"subject": text, "error": " ".join(exc.messages)}, status=400)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{data["request"]}-{day:%Y-%m-%d}.json"'
    return response


@login_required
@require_POST
@never_cache
def privacy_erase(request: HttpRequest) -> HttpResponse:
    """Two steps: the first POST shows what will be erased and asks for the reason; the second (``confirm``)
    erases every record found, in one transaction, and is audited."""
    user = acting_user(request)
    privacy.check_can_manage(user)
    text = request.POST.get("subject", "")[:254]
    reason = request.POST.get("reason", "")[: privacy.MAX_REASON]
    if request.POST.get("confirm") != "1":
        try:
            subject, found = privacy.do_lookup(user, text)
        except ValidationError as exc:
            return _privacy_page(request, {"subject": text, "error": " ".join(exc.messages)}, status=400)
        return _privacy_page(request, {"subject": subject.value, "found": found, "confirming": True, "reason": reason})
    try:
        erased = privacy.do_erase_personal_data(user, text, reason)
    except ValidationError as exc:
        context: dict[str, object] = {"subject": text, "confirming": True, "reason": reason,
                                      "error": " ".join(exc.messages)}  # fmt: skip
        try:
            subject, context["found"] = privacy.do_lookup(user, text)
            context["subject"] = subject.value
        except ValidationError:
            context["confirming"] = False
        return _privacy_page(request, context, status=400)
    messages.success(request, _("Đã xóa dữ liệu cá nhân trong %(n)d bản ghi; các bản ghi được giữ lại ở dạng ẩn danh.")
                     % {"n": erased})  # fmt: skip
    return redirect("privacy:lookup")
