"""What every source kind plug-in provides. A kind is a folder ``sources/<kind>/`` with a ``plugin.py`` defining
``KIND`` (a :class:`SourceKind`); ``sources/__init__.py`` lists them. To add a kind, copy a sibling folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Discovered:
    """One item a source points at: a feed entry, a sitemap URL, a link on a listing page, a line of an export.

    ``text``/``title`` are filled when the source itself carries the content (file imports, social-media exports,
    feeds with full text); otherwise the pipeline fetches ``url`` and extracts the article.
    """

    url: str | None
    external_id: str | None = None
    title: str = ""
    lead: str = ""
    text: str = ""
    author: str = ""
    published: datetime | None = None
    kind: str = "article"  # article | post | comment
    extra: dict[str, str] = field(default_factory=dict)


class DiscoveryError(Exception):
    """The source's document cannot be used at all (not a feed, not a sitemap…); the message says why."""


class SourceKind(Protocol):
    code: str
    label: str
    needs_url: bool

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        """Items found in a fetched document (feed, sitemap, listing page)."""
        ...
