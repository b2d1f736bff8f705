"""Facebook Pages through the Graph API: ``POST /{page-id}/feed`` with ``message`` (and ``link``) → ``{"id":
"{page-id}_{post-id}"}``; errors are ``{"error": {"message", "type", "code", "fbtrace_id"}}``. The Page access token
goes in ``Authorization: Bearer`` (the Graph API accepts it there), never in the URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from lantoa.campaigns.connectors.base import Account, Answer, Connector, OutboundRequest, Post, parse_json, snippet


class Facebook(Connector):
    code = "facebook"
    label = "Facebook"
    setting = "CAMPAIGNS_FACEBOOK_API"
    default_base = "https://graph.facebook.com/v23.0"
    account_label = "Page ID"

    def build(self, account: Account, post: Post) -> OutboundRequest:
        payload: dict[str, Any] = {"message": post.body}
        if post.link:
            payload["link"] = post.link
        return OutboundRequest(
            url=f"{self.base_url()}/{quote(account.account_id, safe='')}/feed",
            payload=payload,
            headers={"Authorization": f"Bearer {account.token}"},
            secret_headers=frozenset({"Authorization"}),
        )

    def read(self, status: int, headers: Mapping[str, str], body: bytes) -> Answer:
        data = parse_json(body)
        if 200 <= status < 300 and isinstance(data, dict) and data.get("id"):
            post_id = str(data["id"])
            return Answer(ok=True, state="published", external_id=post_id, url=f"https://www.facebook.com/{post_id}")
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            detail = f"{error.get('type', 'Error')} {error.get('code', '')}: {error.get('message', '')}".strip()
            return Answer(ok=False, state="failed", error=f"Facebook HTTP {status}: {detail}")
        return Answer(ok=False, state="failed", error=f"Facebook HTTP {status}: {snippet(body)}")


CONNECTOR = Facebook()
