"""A single page to watch (a statement, a decision, an article whose changes or comments matter): the source is its
own only item, so the pipeline fetches and extracts it each time the source is checked.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind


class UrlKind:
    code = "url"
    label = cast(str, gettext_lazy("Một địa chỉ trang (URL)"))
    needs_url = True

    def discover(self, body: bytes, base_url: str, options: dict[str, str]) -> Iterator[Discovered]:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DiscoveryError(_("Địa chỉ “%(url)s” không phải một URL http(s).") % {"url": base_url})
        yield Discovered(url=base_url.strip())


KIND: SourceKind = UrlKind()
