"""TikTok Content Posting API, direct post: ``POST /v2/post/publish/video/init/`` with ``post_info`` (the caption as
``title`` ≤ 2,200, privacy, interactions) and ``source_info`` (``PULL_FROM_URL``: TikTok fetches the video from a
URL on a domain verified for the app) → ``{"data": {"publish_id": …}, "error": {"code": "ok", …}}``. TikTok then
processes the post on its side (``/v2/post/publish/status/fetch/``): the record says "sent"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from lantoa.campaigns.connectors.base import Account, Answer, Connector, OutboundRequest, Post, parse_json, snippet


class TikTok(Connector):
    code = "tiktok"
    label = "TikTok"
    setting = "CAMPAIGNS_TIKTOK_API"
    default_base = "https://open.tiktokapis.com"
    account_label = "open_id"

    def problems(self, post: Post) -> list[str]:
        return [] if post.media_url else [_("TikTok cần liên kết tệp video (trên tên miền đã xác minh với TikTok).")]

    def build(self, account: Account, post: Post) -> OutboundRequest:
        payload = {
            "post_info": {
                "title": post.body[:2200],
                "privacy_level": "PUBLIC_TO_EVERYONE",
                "disable_duet": False,
                "disable_comment": False,
                "disable_stitch": False,
            },
            "source_info": {"source": "PULL_FROM_URL", "video_url": post.media_url},
        }
        return OutboundRequest(
            url=f"{self.base_url()}/v2/post/publish/video/init/",
            payload=payload,
            headers={"Authorization": f"Bearer {account.token}"},
            secret_headers=frozenset({"Authorization"}),
        )

    def read(self, status: int, headers: Mapping[str, str], body: bytes) -> Answer:
        data = parse_json(body)
        if not isinstance(data, dict):
            return Answer(ok=False, state="failed", error=f"TikTok HTTP {status}: {snippet(body)}")
        error: dict[str, Any] = data["error"] if isinstance(data.get("error"), dict) else {}
        if 200 <= status < 300 and error.get("code") == "ok":
            return Answer(ok=True, state="sent", external_id=str((data.get("data") or {}).get("publish_id", "")))
        return Answer(ok=False, state="failed", error=f"TikTok {error.get('code', status)}: {error.get('message', '')}")


CONNECTOR = TikTok()
