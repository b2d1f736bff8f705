"""A local webhook receiver on 127.0.0.1 and items stored through the real pipeline (the local SMTP server is
the shared ``smtp_server`` fixture of lantoa.testing.smtp)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lantoa.monitoring.models import Item
from lantoa.monitoring.tests.test_pipeline import run, write_jsonl


@dataclass
class Hook:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def webhook(settings: Any) -> Iterator[Hook]:
    """A chat bot's endpoint on loopback; the SSRF guard lets 127.0.0.1 through only because the test says so."""
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    hook = Hook(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            assert self.headers["Content-Type"].startswith("application/json")
            hook.received.append(json.loads(body))
            self.send_response(hook.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/bot/lantoa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield hook
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    """``store(rows)``: JSONL rows through the whole storing pipeline; returns the items it created."""
    counter = iter(range(10_000))

    def _store(rows: list[dict[str, Any]]) -> list[Item]:
        before = Item.objects.order_by("-id").values_list("id", flat=True).first() or 0
        run(write_jsonl(tmp_path / f"batch-{next(counter)}.jsonl", rows))
        return list(Item.objects.filter(id__gt=before).order_by("id"))

    return _store
