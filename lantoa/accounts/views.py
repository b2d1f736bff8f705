from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import ApiToken
from lantoa.accounts.permissions import acting_user, roles_of
from lantoa.accounts.roles import ROLE_LABELS
from lantoa.accounts.services import do_create_api_token, do_revoke_api_token


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context = {
        "roles": [ROLE_LABELS[role] for role in sorted(roles_of(user))],
        "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        "new_token": request.session.pop("lantoa_new_token", None),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _token, raw = do_create_api_token(user, user, request.POST.get("name", "")[:100])
    # Shown once on the next page, then forgotten: only the hash is stored.
    request.session["lantoa_new_token"] = raw
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    do_revoke_api_token(user, token)
    messages.success(request, _("Đã thu hồi token."))
    return redirect("accounts:profile")
