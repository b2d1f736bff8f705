"""What a platform connector is: it builds the platform's documented request from a post and an account, and
reads the platform's answer. Sending is shared (``send``): always through ``lantoa.core.http.post_json``, so the
SSRF guard, timeouts and size caps hold, and a dry run is simply building without sending.

Tokens travel in headers only (never in the URL or the body), and ``OutboundRequest.recorded`` masks those headers,
so what is stored on the publication record and shown on pages never contains one.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from lantoa.core.http import FetchError, post_json

MASK = "***"


@dataclass(frozen=True)
class Post:
    title: str
    body: str
    link: str = ""
    media_url: str = ""  # a cover photo (Zalo) or a video the platform pulls (TikTok, YouTube's source file)


@dataclass(frozen=True)
class Account:
    account_id: str  # Page id, OA id, channel id
    token: str = field(repr=False)


@dataclass(frozen=True)
class OutboundRequest:
    url: str
    payload: dict[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    secret_headers: frozenset[str] = frozenset()

    def recorded(self) -> dict[str, Any]:
        """The request as stored and shown: the secret headers masked."""
        shown = {name: (MASK if name in self.secret_headers else value) for name, value in self.headers.items()}
        return {"method": "POST", "url": self.url, "headers": shown, "json": self.payload}


@dataclass(frozen=True)
class Answer:
    ok: bool
    # published: live, with a link; sent: accepted, the platform finishes it later (TikTok, Zalo, YouTube upload).
    state: str = "published"
    external_id: str = ""
    url: str = ""
    error: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Connector(ABC):
    code: str
    label: str
    setting: str  # settings name of the API base URL, e.g. CAMPAIGNS_FACEBOOK_API
    default_base: str  # the official base URL
    account_label: str  # what ``Account.account_id`` is on this platform

    def base_url(self) -> str:
        return str(getattr(settings, self.setting, self.default_base)).rstrip("/")

    def problems(self, post: Post) -> list[str]:
        """What this platform needs that the post lacks (in Vietnamese, for the officer)."""
        return []

    @abstractmethod
    def build(self, account: Account, post: Post) -> OutboundRequest: ...

    @abstractmethod
    def read(self, status: int, headers: Mapping[str, str], body: bytes) -> Answer: ...


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return None


def snippet(body: bytes) -> str:
    return body[:300].decode("utf-8", "replace")


def scrub(text: str, account: Account) -> str:
    """Remove the token from anything we keep: some platforms echo the request in their error messages."""
    return text.replace(account.token, MASK) if account.token else text


def send(connector: Connector, request: OutboundRequest, account: Account) -> tuple[Answer, str]:
    """POST the request; the answer read by the connector, and the platform's raw answer (token scrubbed)."""
    try:
        result = post_json(request.url, request.payload, headers=request.headers, timeout=30.0, max_bytes=256 * 1024)
    except FetchError as exc:
        return Answer(ok=False, state="failed", error=scrub(str(exc), account)), ""
    raw = scrub(result.body.decode("utf-8", "replace"), account)
    answer = connector.read(result.status, result.headers, result.body)
    if not answer.ok and not answer.error:
        answer = Answer(ok=False, state="failed", error=f"HTTP {result.status}")
    if answer.error:
        answer = Answer(answer.ok, answer.state, answer.external_id, answer.url, scrub(answer.error, account),
                        answer.extra)  # fmt: skip
    return answer, raw
