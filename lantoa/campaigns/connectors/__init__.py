"""Publishing to social platforms: one plug-in folder per platform, ``connectors/<code>/plugin.py`` defining
``CONNECTOR`` (see :mod:`.base`), like the monitoring source kinds. The registry names them by dotted path and imports
one only when it is asked for: no connector is needed for the rest of the campaigns app to work, and a broken one
breaks only its own platform. See ``README.md`` here.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from django.utils.module_loading import import_string

from lantoa.campaigns.connectors.base import Account, Answer, Connector, OutboundRequest, Post, send

# platform code (campaigns.models.Platform) → dotted path of the plug-in's CONNECTOR. Codes are stored: never rename.
CONNECTORS: dict[str, str] = {
    "facebook": "lantoa.campaigns.connectors.facebook.plugin.CONNECTOR",
    "zalo": "lantoa.campaigns.connectors.zalo.plugin.CONNECTOR",
    "youtube": "lantoa.campaigns.connectors.youtube.plugin.CONNECTOR",
    "tiktok": "lantoa.campaigns.connectors.tiktok.plugin.CONNECTOR",
}


class UnknownConnectorError(LookupError):
    """No plug-in is registered under this code."""


@cache
def get_connector(code: str) -> Connector:
    try:
        path = CONNECTORS[code]
    except KeyError:
        raise UnknownConnectorError(f"unknown platform {code!r} (known: {', '.join(sorted(CONNECTORS))})") from None
    connector = cast(Connector, import_string(path))
    if connector.code != code:
        raise RuntimeError(f"{path} has code {connector.code!r}, registered as {code!r}")
    return connector


__all__ = ["CONNECTORS", "Account", "Answer", "Connector", "OutboundRequest", "Post", "get_connector", "send"]
