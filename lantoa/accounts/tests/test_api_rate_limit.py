"""The REST API's rate limits (accounts/api_auth.py, doc/security.md): per client address without valid credentials,
per user with them; 429 with a clear message and Retry-After; the window slides; the counters are shared by the web
processes (files on one machine, Redis on several)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from lantoa.accounts import api_auth
from lantoa.accounts.models import User
from lantoa.accounts.services import do_create_api_token
from lantoa.core.tests.test_faults_queue import Redis, free_port
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _token, raw = do_create_api_token(user, user, "giới hạn")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Moves the limiter's clock on, as if time had passed."""
    offset = [0.0]
    monkeypatch.setattr(api_auth, "clock", lambda: time.time() + offset[0])

    def move(seconds: float) -> None:
        offset[0] += seconds

    yield move


def test_callers_without_credentials_are_limited_per_address(settings: Any, later: Any) -> None:
    settings.API_RATE_ANON = (3, 60)
    client = Client()
    # No credentials, a wrong token, a POST without session: all count, all 401 until the limit.
    assert client.get("/api/organisations").status_code == 401
    assert client.get("/api/people", headers={"Authorization": "Bearer lt_doan-mo"}).status_code == 401
    assert client.post("/api/people", data={}, content_type="application/json").status_code == 401
    refused = client.get("/api/organisations")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Too many requests: the API allows 3 per minute for each client address without valid "
        "credentials. Retry in 60 s."
    }
    assert refused["Retry-After"] == "60"
    later(30)
    assert client.get("/api/organisations")["Retry-After"] == "30"
    later(31)  # the window has slid past the first three
    assert client.get("/api/organisations").status_code == 401


def test_valid_credentials_are_not_refused_for_their_address(settings: Any, press_officer: User) -> None:
    """Colleagues behind one office NAT: junk sent from their address does not use up their budget."""
    settings.API_RATE_ANON = (2, 60)
    for _ in range(3):
        Client().get("/api/organisations")
    assert Client().get("/api/organisations").status_code == 429
    assert Client(headers=bearer(press_officer)).get("/api/organisations").status_code == 200


def test_each_user_has_one_budget_for_tokens_and_session(
    settings: Any, later: Any, press_officer: User, leader: User
) -> None:
    settings.API_RATE_USER = (2, 60)
    with_token = Client(headers=bearer(press_officer))
    assert with_token.get("/api/organisations").status_code == 200
    assert client_for(press_officer).get("/api/people").status_code == 200
    refused = with_token.get("/api/people")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many requests: the API allows 2 per minute for each user. Retry in 60 s."
    assert refused["Retry-After"] == "60"
    assert client_for(press_officer).get("/api/organisations").status_code == 429
    assert Client(headers=bearer(leader)).get("/api/organisations").status_code == 200  # another user, same address
    later(61)
    assert with_token.get("/api/organisations").status_code == 200


def test_behind_proxies_each_client_address_counts(settings: Any) -> None:
    settings.API_RATE_ANON = (1, 60)
    settings.PROXY_COUNT = 1
    first = Client(headers={"X-Forwarded-For": "203.0.113.7"})
    second = Client(headers={"X-Forwarded-For": "198.51.100.9"})
    assert first.get("/api/people").status_code == 401
    assert first.get("/api/people").status_code == 429
    # What the client writes left of the proxy's entry changes nothing.
    assert Client(headers={"X-Forwarded-For": "10.0.0.1, 203.0.113.7"}).get("/api/people").status_code == 429
    assert second.get("/api/people").status_code == 401


def test_the_description_and_docs_count_per_address(settings: Any) -> None:
    settings.API_RATE_ANON = (2, 60)
    assert Client().get("/api/openapi.json").status_code == 200
    assert Client().get("/api/docs").status_code == 200
    refused = Client().get("/api/openapi.json")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"


def test_the_rates_are_read_from_the_environment() -> None:
    from lantoa.envconfig import ConfigError, Env

    env = Env({"LANTOA_API_RATE_ANON": "30/min", "LANTOA_API_RATE_USER": "1000/hour", "BAD": "nhiều"})
    assert env.rate("LANTOA_API_RATE_ANON", "60/min") == (30, 60)
    assert env.rate("LANTOA_API_RATE_USER", "600/min") == (1000, 3600)
    assert env.rate("UNSET", "10/30s") == (10, 30)
    with pytest.raises(ConfigError, match="BAD: expected a rate such as 60/min"):
        env.rate("BAD", "60/min")


# --- shared by the web processes ----------------------------------------------------------------------------------
OTHER_PROCESS = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
print(*[Client().get("/api/openapi.json").status_code for _ in range(3)])
"""


def requests_from_another_process(**env: str) -> list[int]:
    """Three anonymous requests from a fresh process: another gunicorn worker, as far as the counters can tell."""
    environ = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    environ.update({"DJANGO_SETTINGS_MODULE": "lantoa.settings", "LANTOA_API_RATE_ANON": "3/min", **env})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", OTHER_PROCESS], env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return [int(status) for status in result.stdout.split()]


@pytest.mark.slow
def test_the_count_is_shared_with_other_processes_through_files(settings: Any) -> None:
    settings.API_RATE_ANON = (3, 60)
    assert "FileBasedCache" in settings.CACHES["default"]["BACKEND"]
    # Same LANTOA_VAR_DIR (lantoa.testing.env), same secret key: the counters of this test run.
    assert requests_from_another_process() == [200, 200, 200]
    assert Client().get("/api/openapi.json").status_code == 429


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_the_count_is_shared_with_other_processes_through_redis(settings: Any) -> None:
    port = free_port()
    redis = Redis(port)
    redis.start()
    try:
        url, prefix = f"redis://127.0.0.1:{port}/0", f"lantoa-test-{port}"
        # What settings.py sets up when REDIS_URL is given, checked in the other process.
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
        }
        settings.API_RATE_ANON = (3, 60)
        assert requests_from_another_process(REDIS_URL=url, LANTOA_QUEUE_NAME=prefix) == [200, 200, 200]
        assert Client().get("/api/openapi.json").status_code == 429
    finally:
        redis.stop()


def test_without_its_cache_the_api_still_answers(settings: Any, press_officer: User) -> None:
    """A limiter that cannot count (Redis down, disk full) lets requests through rather than fail them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    settings.API_RATE_USER = settings.API_RATE_ANON = (1, 60)
    client = Client(headers=bearer(press_officer))
    assert [client.get("/api/organisations").status_code for _ in range(2)] == [200, 200]
    assert [Client().get("/api/organisations").status_code for _ in range(2)] == [401, 401]


def test_concurrent_requests_are_counted_under_their_own_keys(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """The threads of a gthread worker share the limiter. django-ninja's SimpleRateThrottle keeps the request being
    counted on the instance: with this interleaving it stored Alice's count under Bob's key (measured: Alice 0,
    Bob 1). Ours keeps it per request."""
    from django.core.cache import cache

    settings.API_RATE_USER = (10, 60)
    reading, go = threading.Event(), threading.Event()

    class SlowFirstRead:
        first = True

        def get(self, key: str, default: Any = None) -> Any:
            value = cache.get(key, default)
            if SlowFirstRead.first:
                SlowFirstRead.first = False
                reading.set()
                go.wait(5)
            return value

        def set(self, key: str, value: Any, timeout: int) -> None:
            cache.set(key, value, timeout)

    monkeypatch.setattr(api_auth, "cache", SlowFirstRead())
    alice, bob = SimpleNamespace(auth=SimpleNamespace(pk=1)), SimpleNamespace(auth=SimpleNamespace(pk=2))
    first = threading.Thread(target=api_auth.user_rate.allow_request, args=(alice,))
    first.start()
    reading.wait(5)  # Alice's request has read her history and is paused
    api_auth.user_rate.allow_request(bob)  # type: ignore[arg-type]
    go.set()
    first.join(5)
    assert len(cache.get("api-rate:user:1")) == 1
    assert len(cache.get("api-rate:user:2")) == 1
