"""API authentication: the browser's session (with CSRF) or a bearer token (``Authorization: Bearer lt_…``), and the
API's rate limits.

Rate limits (doc/security.md): ``API_RATE_USER`` per user once authenticated (token or session alike), and
``API_RATE_ANON`` per client address (``core.clientip``, so behind proxies too) for every request without valid
credentials. django-ninja runs its throttles only after authentication has succeeded, so an operation that needs
credentials would never count a caller who has none: ``AnonymousRateLimit`` is therefore also the last of the API's
authenticators, reached only when the others found no valid credentials, where it counts the request (and refuses
it with 429 past the limit) before the 401. Valid credentials are never refused because of their address: colleagues
behind one office NAT do not share a budget with whoever sends junk from there.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from ninja.errors import Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle
from redis.exceptions import RedisError

from lantoa.accounts.permissions import has_any_role
from lantoa.accounts.services import user_for_token
from lantoa.core.clientip import client_ip

logger = logging.getLogger(__name__)


def clock() -> float:
    return time.time()  # a function of its own, for tests to move time on


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None or not has_any_role(user):
            return None
        request.user = user
        return user


class RoleSessionAuth(SessionAuth):
    """Session login, only for users who hold a role: a logged-in outsider gets 401 like an anonymous caller."""

    def __call__(self, request: HttpRequest) -> Any:
        # No logged-in user, no session to protect: a request without one is answered like any other without
        # credentials (401, counted by the anonymous limit), not with 403 for a missing CSRF token, which no
        # limit would count (a token guesser's POSTs would go uncounted).
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and has_any_role(user) else None


class RateLimit(BaseThrottle):
    """django-ninja's sliding window (the times of the requests of the last period, kept in the cache), with the
    rate read from settings at each request (``API_RATE_*``; tests change it), and with what one request computed
    kept in its own thread: ninja's ``SimpleRateThrottle`` keeps it on the instance, which the threads of a gthread
    worker share, so that two requests at once could store one client's history under the other's key.

    The cache is shared by the web processes (settings.CACHES: Redis, or files on one machine). Reading and writing
    a history are two steps, not one atomic increment: requests of one client arriving at the same instant may be
    counted once; the limit bounds a sustained rate, it is not exact to the request.
    """

    scope = ""
    setting = ""

    def __init__(self) -> None:
        self._local = threading.local()

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def rate(self) -> tuple[int, int]:
        limit, seconds = getattr(settings, self.setting)
        return int(limit), int(seconds)

    def allow_request(self, request: HttpRequest) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        limit, seconds = self.rate()
        key = f"api-rate:{self.scope}:{ident}"
        now = clock()
        try:
            history = [moment for moment in cache.get(key, []) if moment > now - seconds]
            if len(history) >= limit:
                # Newest first: a request is allowed again once the limit-th newest leaves the window.
                self._local.wait = history[limit - 1] + seconds - now
                return False
            cache.set(key, [now, *history], seconds)
        except (OSError, RedisError) as exc:
            # A limiter that cannot count lets requests through rather than take the API down with it.
            logger.warning("API rate limit not applied, the cache failed: %s", exc)
        return True

    def wait(self) -> float | None:
        wait: float | None = getattr(self._local, "wait", None)
        return wait


class AnonymousRate(RateLimit):
    """Per client address, for requests without valid credentials (``request.auth`` unset)."""

    scope = "anon"
    setting = "API_RATE_ANON"

    def ident(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        # Addresses are personal data: the cache holds a keyed hash, like the public forms' counters.
        return salted_hmac("lantoa.api.rate-address", client_ip(request), algorithm="sha256").hexdigest()[:32]


class UserRate(RateLimit):
    """Per user, for authenticated requests: a user's tokens and session share one budget."""

    scope = "user"
    setting = "API_RATE_USER"

    def ident(self, request: HttpRequest) -> str | None:
        user = getattr(request, "auth", None)
        return None if user is None else str(user.pk)


anonymous_rate = AnonymousRate()
user_rate = UserRate()


class AnonymousRateLimit:
    """The last authenticator: counts a request that brought no valid credentials, refuses it past the limit."""

    def __call__(self, request: HttpRequest) -> Any:
        if not anonymous_rate.allow_request(request):
            wait = anonymous_rate.wait()
            raise Throttled(wait=None if wait is None else math.ceil(wait))
        return None
