"""YouTube Data API ``videos.insert``, resumable protocol, first request: ``POST
/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the video's metadata as JSON (``snippet``:
title ≤ 100, description ≤ 5,000, category, language; ``status``: privacy) and ``X-Upload-Content-Type``; YouTube
answers 200 with the upload session's URL in ``Location``. The video bytes then go to that URL by ``PUT``, which
``lantoa.core.http`` does not do (it posts JSON only): the session URL is recorded and the record says "sent"."""

from __future__ import annotations

from collections.abc import Mapping

from lantoa.campaigns.connectors.base import Account, Answer, Connector, OutboundRequest, Post, parse_json, snippet

NEWS_AND_POLITICS = "25"


class YouTube(Connector):
    code = "youtube"
    label = "YouTube"
    setting = "CAMPAIGNS_YOUTUBE_API"
    default_base = "https://www.googleapis.com"
    account_label = "Channel ID"

    def build(self, account: Account, post: Post) -> OutboundRequest:
        payload = {
            "snippet": {
                "title": post.title[:100],
                "description": post.body[:5000],
                "categoryId": NEWS_AND_POLITICS,
                "defaultLanguage": "vi",
                "channelId": account.account_id,
            },
            "status": {"privacyStatus": "public", "selfDeclaredMadeForKids": False},
        }
        return OutboundRequest(
            url=f"{self.base_url()}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status",
            payload=payload,
            headers={"Authorization": f"Bearer {account.token}", "X-Upload-Content-Type": "video/*"},
            secret_headers=frozenset({"Authorization"}),
        )

    def read(self, status: int, headers: Mapping[str, str], body: bytes) -> Answer:
        location = headers.get("location", "")
        if 200 <= status < 300 and location:
            return Answer(ok=True, state="sent", extra={"upload_url": location})
        data = parse_json(body)
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            return Answer(
                ok=False, state="failed", error=f"YouTube {error.get('code', status)}: {error.get('message', '')}"
            )
        return Answer(ok=False, state="failed", error=f"YouTube HTTP {status}: {snippet(body)}")


CONNECTOR = YouTube()
