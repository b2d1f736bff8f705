"""Zalo Official Account articles: ``POST /v2.0/article/create`` (header ``access_token``) with the article as JSON
(``type`` normal, ``title`` ≤ 150, ``author``, ``cover`` photo, ``description``, ``body`` as text blocks,
``status``, ``comment``) → ``{"data": {"token": …}, "error": 0, "message": "Success"}``. Zalo finishes the
article asynchronously (the token is then checked with ``/article/verify``): the record says "sent" and the
officer adds the link once it is live. A non-zero ``error`` is a failure with Zalo's message."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from lantoa.campaigns.connectors.base import Account, Answer, Connector, OutboundRequest, Post, parse_json, snippet


class Zalo(Connector):
    code = "zalo"
    label = "Zalo OA"
    setting = "CAMPAIGNS_ZALO_API"
    default_base = "https://openapi.zalo.me"
    account_label = "OA ID"

    def problems(self, post: Post) -> list[str]:
        return [] if post.media_url else [_("Zalo OA cần ảnh bìa: hãy nhập liên kết ảnh.")]

    def build(self, account: Account, post: Post) -> OutboundRequest:
        paragraphs = [part.strip() for part in post.body.split("\n\n") if part.strip()]
        payload = {
            "type": "normal",
            "title": post.title[:150],
            "author": "",
            "cover": {"cover_type": "photo", "photo_url": post.media_url, "status": "show"},
            "description": post.body[:300],
            "body": [{"type": "text", "content": paragraph} for paragraph in paragraphs],
            "status": "show",
            "comment": "show",
        }
        return OutboundRequest(
            url=f"{self.base_url()}/v2.0/article/create",
            payload=payload,
            headers={"access_token": account.token},
            secret_headers=frozenset({"access_token"}),
        )

    def read(self, status: int, headers: Mapping[str, str], body: bytes) -> Answer:
        data = parse_json(body)
        if not isinstance(data, dict):
            return Answer(ok=False, state="failed", error=f"Zalo HTTP {status}: {snippet(body)}")
        if 200 <= status < 300 and data.get("error") == 0:
            token = (data.get("data") or {}).get("token", "")
            return Answer(ok=True, state="sent", external_id=str(token))
        return Answer(ok=False, state="failed", error=f"Zalo {data.get('error')}: {data.get('message', '')}")


CONNECTOR = Zalo()
