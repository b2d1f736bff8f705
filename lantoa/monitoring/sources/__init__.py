"""Source kinds: how a monitored source's document (feed, sitemap, listing page, export file) becomes items.

Each kind is a plug-in folder ``sources/<code>/`` whose ``plugin.py`` defines ``KIND`` (see :mod:`.base`). The
registry below names them by dotted path and imports a kind only when it is first asked for, so loading this package
costs nothing and a broken plug-in breaks only its own kind. See ``README.md`` here for how to add one.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from django.utils.module_loading import import_string

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind

# code → dotted path of the plug-in's KIND object. The code is stored on each source: never rename one.
KINDS: dict[str, str] = {
    "rss": "lantoa.monitoring.sources.rss.plugin.KIND",
    "sitemap": "lantoa.monitoring.sources.sitemap.plugin.KIND",
    "listing": "lantoa.monitoring.sources.listing.plugin.KIND",
    "url": "lantoa.monitoring.sources.url.plugin.KIND",
    "file": "lantoa.monitoring.sources.file.plugin.KIND",
}


class UnknownSourceKindError(LookupError):
    """No plug-in is registered under this code."""


class SourceKindMismatchError(RuntimeError):
    """The registry and the plug-in disagree (a copied folder whose ``code`` was not changed)."""


@cache
def get_kind(code: str) -> SourceKind:
    """The plug-in registered as ``code``; :class:`UnknownSourceKindError` names the known codes otherwise."""
    try:
        path = KINDS[code]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise UnknownSourceKindError(f"unknown source kind {code!r} (known: {known})") from None
    kind = cast(SourceKind, import_string(path))
    if kind.code != code:
        raise SourceKindMismatchError(f"{path} has code {kind.code!r}, registered as {code!r}")
    return kind


def kind_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form or model field; imports every kind."""
    return [(code, get_kind(code).label) for code in KINDS]


__all__ = [
    "KINDS",
    "Discovered",
    "DiscoveryError",
    "SourceKind",
    "SourceKindMismatchError",
    "UnknownSourceKindError",
    "get_kind",
    "kind_choices",
]
