from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.accounts.permissions import has_any_role, is_province_wide, roles_of
from lantoa.accounts.roles import ROLE_LABELS
from lantoa.core.health import health


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, report = health()
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: a shell whose panels later issues fill (monitoring, digests, press desk, consultation…)."""
    user = request.user
    context: dict[str, object] = {
        "roles": [ROLE_LABELS[role] for role in sorted(roles_of(user))],
        "has_role": has_any_role(user),
        "province_wide": is_province_wide(user),
    }
    if user.has_perm("monitoring.view_item"):
        from lantoa.monitoring.models import Item, Source

        since = timezone.now() - timedelta(days=1)
        recent = Item.objects.filter(ingested_at__gte=since)
        context["monitoring"] = {
            "items": recent.count(),
            "relevant": recent.filter(relevant=True).count(),
            "flagged": Source.objects.filter(flagged=True).count(),
        }
    return render(request, "core/dashboard.html", context)
