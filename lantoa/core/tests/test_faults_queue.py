"""Redis down (doc/faults.md): the web stays up, and the work asked for meanwhile is queued when Redis returns.

Settings choose RedisHuey when REDIS_URL is set, at import: the scenario runs in a subprocess with its own
environment (``python -m lantoa.core.tests.test_faults_queue VAR PORT``), against a redis-server it starts and
stops itself on a free port, and prints what it saw as one JSON line; the test checks that report.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the scenario, in its own process ----------------------------------------------------------------------------
class Redis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not listen on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def scenario(port: int) -> dict[str, Any]:
    """Every observation of the scenario, in order."""
    import django
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's host name
    from django.contrib.messages import get_messages
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from lantoa.accounts.roles import Role
    from lantoa.accounts.services import do_create_user
    from lantoa.monitoring.models import Source
    from lantoa.monitoring.services import do_create_source
    from lantoa.monitoring.tasks import schedule_due_sources

    seen: dict[str, Any] = {"backend": type(HUEY).__name__}
    call_command("migrate", verbosity=0)
    user = do_create_user(None, username="bao_chi", password=None, roles=[Role.PRESS_OFFICER])
    source = do_create_source(
        None, {"name": "Báo thử", "kind": "rss", "url": "http://127.0.0.1:9/rss", "poll_minutes": 60, "is_active": True}
    )
    seen["source"] = source.pk
    # Polled just now: not due until someone asks for it.
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now() + timezone.timedelta(hours=1))
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def page(name: str, path: str) -> None:
        response = client.get(path)
        seen[name] = response.status_code

    redis = Redis(port)
    redis.start()
    try:
        response = client.get("/healthz")
        seen["healthz_up"] = [response.status_code, response.json()["queue"]["status"]]

        redis.stop()
        response = client.get("/healthz")
        seen["healthz_down"] = [response.status_code, response.json()["queue"]["status"]]
        seen["database_down"] = response.json()["database"]["status"]
        page("dashboard_down", "/")
        page("sources_down", "/tin/nguon/")
        page("source_down", f"/tin/nguon/{source.pk}/")
        response = client.post(f"/tin/nguon/{source.pk}/lay-tin/")
        seen["poll_now_down"] = response.status_code
        seen["poll_now_location"] = response.get("Location", "")
        seen["poll_now_messages"] = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
        source.refresh_from_db()
        seen["due_while_down"] = source.next_poll_at is not None and source.next_poll_at <= timezone.now()

        redis.start()
        response = client.get("/healthz")
        seen["healthz_back"] = [response.status_code, response.json()["queue"]["status"]]
        seen["pending_before_tick"] = HUEY.pending_count()
        seen["scheduled"] = schedule_due_sources.call_local()  # the scheduler's next tick
        seen["pending_after_tick"] = HUEY.pending_count()
        task = HUEY.dequeue()
        seen["task"] = task.name if task else None
        if task is not None:
            HUEY.execute(task)  # as the consumer does
        source.refresh_from_db()
        seen["polled"] = source.last_polled_at is not None
        seen["poll_error"] = source.last_error
        seen["due_after_poll"] = source.next_poll_at is not None and source.next_poll_at <= timezone.now()
    finally:
        redis.stop()
    return seen


# --- the tests --------------------------------------------------------------------------------------------------
class QueueDownError(ConnectionError):
    """What redis-py raises, in substance, when Redis does not answer."""


@pytest.fixture
def queue_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from huey.contrib.djhuey import HUEY

    def refuse(*args: object, **kwargs: object) -> None:
        raise QueueDownError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(HUEY, "enqueue", refuse)


def test_poll_now_with_the_queue_down_warns_and_leaves_the_source_due(press_officer: Any, queue_down: None) -> None:
    """Regression: the action answered 500 when Redis was down."""
    from django.contrib.messages import get_messages
    from django.utils import timezone

    from lantoa.monitoring.models import Source
    from lantoa.testing.fixtures import client_for

    source = Source.objects.create(name="Báo thử", kind="rss", url="https://example.org/rss", poll_minutes=10,
                                   next_poll_at=timezone.now() + timezone.timedelta(hours=1))  # fmt: skip
    response = client_for(press_officer).post(f"/tin/nguon/{source.pk}/lay-tin/")
    assert response.status_code == 302 and response["Location"] == f"/tin/nguon/{source.pk}/"
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]
    source.refresh_from_db()
    assert source.next_poll_at is not None and source.next_poll_at <= timezone.now()


def test_the_scheduler_gives_its_claim_back_when_the_queue_is_down(db: None, settings: Any, queue_down: None) -> None:
    """Regression: a source claimed by the scheduler whose task could not be queued waited a whole interval."""
    from django.utils import timezone

    from lantoa.monitoring.models import Source
    from lantoa.monitoring.tasks import schedule_due_sources

    settings.MONITORING_POLLING = True
    source = Source.objects.create(name="Báo thử", kind="rss", url="https://example.org/rss", poll_minutes=60)
    with pytest.raises(QueueDownError):
        schedule_due_sources.call_local()
    source.refresh_from_db()
    assert source.next_poll_at is not None and source.next_poll_at <= timezone.now()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_with_redis_down_pages_answer_and_a_poll_asked_for_is_queued_when_it_returns(tmp_path: Path) -> None:
    port = free_port()
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("LANTOA_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environ.update(
        {
            "LANTOA_VAR_DIR": str(tmp_path / "var"),
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "LANTOA_POLLING": "1",
            "LANTOA_STATIC_FROM_APPS": "1",  # no collectstatic: static files from the apps, as in tests
            "LANTOA_SECRET_KEY": "test-only-secret-key-not-for-production",
            "DJANGO_SETTINGS_MODULE": "lantoa.settings",
        }
    )
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lantoa.core.tests.test_faults_queue", str(port)],
        env=environ, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{time.monotonic() - started:.1f} s: {json.dumps(seen, ensure_ascii=False)}")
    assert seen["backend"] == "RedisHuey"
    assert seen["healthz_up"] == [200, "ok"]
    # Redis down: healthz says so (503, for the load balancer), every page still answers.
    assert seen["healthz_down"] == [503, "error"]
    assert seen["database_down"] == "ok"
    assert seen["dashboard_down"] == seen["sources_down"] == seen["source_down"] == 200
    # "Poll now" does not fail: it says the queue is unavailable and that the source will be polled later…
    assert seen["poll_now_down"] == 302, seen
    assert seen["poll_now_location"] == f"/tin/nguon/{seen['source']}/"
    assert [level for level, _ in seen["poll_now_messages"]] == ["warning"], seen["poll_now_messages"]
    # … and the source stays due, so the scheduler queues it once Redis is back.
    assert seen["due_while_down"] is True
    assert seen["healthz_back"] == [200, "ok"]
    assert seen["pending_before_tick"] == 0
    assert seen["scheduled"] == 1
    assert seen["pending_after_tick"] == 1
    assert seen["task"] == "poll_source"
    assert seen["polled"] is True
    assert seen["poll_error"], "the poll ran: its failure against the closed port is recorded on the source"
    assert seen["due_after_poll"] is False


if __name__ == "__main__":
    print(json.dumps(scenario(int(sys.argv[1])), ensure_ascii=False))
