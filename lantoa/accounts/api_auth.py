"""API authentication: the browser's session (with CSRF) or a bearer token (``Authorization: Bearer lt_…``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lantoa.accounts.permissions import has_any_role
from lantoa.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None or not has_any_role(user):
            return None
        request.user = user
        return user


class RoleSessionAuth(SessionAuth):
    """Session login, only for users who hold a role: a logged-in outsider gets 401 like an anonymous caller."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and has_any_role(user) else None
