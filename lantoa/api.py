"""The REST API under /api/: one NinjaAPI, a router per app. OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from lantoa.accounts.api_auth import RoleSessionAuth, TokenAuth
from lantoa.org.api import router as org_router

api = NinjaAPI(
    title="Lantoa API",
    version="1",
    description="Lantoa: nền tảng truyền thông chính sách. Xác thực bằng phiên đăng nhập hoặc token (Bearer).",
    auth=[TokenAuth(), RoleSessionAuth()],
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
