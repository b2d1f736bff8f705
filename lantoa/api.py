"""The REST API under /api/: one NinjaAPI, a router per app. OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import Throttled

from lantoa.accounts.api_auth import (
    AnonymousRateLimit,
    RoleSessionAuth,
    TokenAuth,
    anonymous_rate,
    user_rate,
)
from lantoa.org.api import router as org_router


def anonymous_rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """/api/openapi.json and /api/docs need no credentials: they count against the caller's address."""

    @wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not anonymous_rate.allow_request(request):
            wait = anonymous_rate.wait()
            return api.on_exception(request, Throttled(wait=None if wait is None else math.ceil(wait)))
        return view(request, *args, **kwargs)

    return limited


api = NinjaAPI(
    title="Lantoa API",
    version="1",
    description="Lantoa: nền tảng truyền thông chính sách. Xác thực bằng phiên đăng nhập hoặc token (Bearer).",
    # AnonymousRateLimit last: reached only without valid credentials, it counts the request before the 401.
    auth=[TokenAuth(), RoleSessionAuth(), AnonymousRateLimit()],
    # After authentication: per user; per address for any operation that may someday need no credentials.
    throttle=[anonymous_rate, user_rate],
    docs_decorator=anonymous_rate_limited,
    urls_namespace="api",
)
api.add_router("/", org_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 that says which limit, and when to come back (also as Retry-After, RFC 9110)."""
    authenticated = getattr(request, "auth", None) is not None
    limit, seconds = settings.API_RATE_USER if authenticated else settings.API_RATE_ANON
    period = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}.get(seconds, f"{seconds} seconds")
    who = "for each user" if authenticated else "for each client address without valid credentials"
    wait = max(1, math.ceil(exc.wait or 1))
    detail = f"Too many requests: the API allows {limit} per {period} {who}. Retry in {wait} s."
    response = api.create_response(request, {"detail": detail}, status=429)
    response["Retry-After"] = str(wait)
    return response
