"""The client's address, for the login lockout (django-axes) and the rate limits of public forms.

Without proxies it is REMOTE_ADDR. With ``LANTOA_PROXY_COUNT`` = N trusted reverse proxies in front (nginx sets
X-Forwarded-For), it is the N-th address from the right of X-Forwarded-For: the one the outermost trusted proxy
saw. Addresses further left were written by the client and cannot be trusted. (django-ipware is not installed, so
django-axes would otherwise see every client behind nginx as 127.0.0.1 and the per-address lockout would collapse
into a per-user one, letting anyone lock a colleague out.)
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "PROXY_COUNT", 0) or 0)
    if proxies:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            return str(chain[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))
