"""``post_json`` (webhooks) against a real HTTP server on 127.0.0.1, behind the same guard as ``fetch``."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lantoa.core.http import AddressGuard, BlockedAddress, UnsupportedURL, post_json
from lantoa.core.tests.test_http_fetch import NAME, FakeDNS

received: list[dict[str, Any]] = []


class Bot(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        received.append(
            {
                "type": self.headers["Content-Type"],
                "authorization": self.headers.get("Authorization"),
                "body": json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
            }
        )
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        answer = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@pytest.fixture
def guard() -> AddressGuard:
    return AddressGuard([NAME], resolver=FakeDNS({NAME: [["127.0.0.1"]], "intranet.test": [["10.0.0.1"]]}))


@pytest.fixture
def bot() -> Iterator[int]:
    received.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Bot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_it_posts_json_in_utf8_to_an_allowed_host(bot: int, guard: AddressGuard) -> None:
    result = post_json(f"http://{NAME}:{bot}/hook", {"text": "Sạt lở ở Định Hóa"}, guard=guard)
    assert result.ok and json.loads(result.body) == {"ok": True}
    assert received == [
        {"type": "application/json; charset=utf-8", "authorization": None, "body": {"text": "Sạt lở ở Định Hóa"}}
    ]


def test_it_sends_extra_headers_and_keeps_the_json_body(bot: int, guard: AddressGuard) -> None:
    headers = {"Authorization": "Bearer abc", "Content-Type": "text/plain"}
    result = post_json(f"http://{NAME}:{bot}/hook", {"a": 1}, guard=guard, headers=headers)
    assert result.ok
    assert received == [{"type": "application/json; charset=utf-8", "authorization": "Bearer abc", "body": {"a": 1}}]


def test_it_does_not_follow_redirects(bot: int, guard: AddressGuard) -> None:
    result = post_json(f"http://{NAME}:{bot}/moved", {}, guard=guard)
    assert result.status == 302 and len(received) == 1  # answered as is: the private target is never contacted


def test_private_and_unsupported_targets_are_refused_before_connecting(bot: int, guard: AddressGuard) -> None:
    with pytest.raises(BlockedAddress):
        post_json(f"http://127.0.0.1:{bot}/hook", {}, guard=guard)
    with pytest.raises(BlockedAddress):
        post_json("http://intranet.test/hook", {}, guard=guard)
    with pytest.raises(UnsupportedURL):
        post_json("ftp://example.org/hook", {}, guard=guard)
    assert received == []
