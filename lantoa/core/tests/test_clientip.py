"""The client address behind N trusted proxies (login lockout, public-form rate limits)."""

from __future__ import annotations

from django.test import RequestFactory

from lantoa.core.clientip import client_ip


def test_without_proxies_the_socket_address_counts_whatever_the_headers_say(settings: object) -> None:
    settings.PROXY_COUNT = 0  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings: object) -> None:
    settings.PROXY_COUNT = 1  # type: ignore[attr-defined]
    forged = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"
    missing = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    assert client_ip(missing) == "127.0.0.1"


def test_the_login_lockout_uses_it(settings: object) -> None:
    from axes.helpers import get_client_ip_address

    settings.PROXY_COUNT = 1  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert get_client_ip_address(request) == "198.51.100.7"
