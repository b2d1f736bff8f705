from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.accounts.permissions import acting_user, has_any_role, is_province_wide, roles_of
from lantoa.accounts.roles import ROLE_LABELS
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
        from lantoa.trends.report import dashboard_data
        from lantoa.trends.series import Filters
        from lantoa.trends.views import filter_context

        filters = Filters.from_params(request.GET)
        context.update(filter_context(filters))
        context["coverage"] = dashboard_data(filters)
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
