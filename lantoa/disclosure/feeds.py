"""Atom feeds of newly published register entries, combined and per organisation, for portals to pull. The feed
generator escapes text; descriptions are plain text. Only published entries appear, and nothing about requests."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from lantoa.disclosure import register
from lantoa.disclosure.categories import by_code
from lantoa.disclosure.models import DisclosureEntry
from lantoa.org.models import Organisation

FEED_SIZE = 50


class PublishedEntries(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, code: str = "") -> Organisation | None:
        return get_object_or_404(Organisation, code=code, is_active=True) if code else None

    def title(self, obj: Organisation | None) -> str:
        if obj is None:
            return _("Thông tin công khai của các cơ quan")
        return _("Thông tin công khai: %(org)s") % {"org": obj.name}

    def link(self, obj: Organisation | None) -> str:
        if obj is None:
            return reverse("disclosure_public:index")
        return reverse("disclosure_public:catalogue", args=[obj.code])

    def subtitle(self, obj: Organisation | None) -> str:
        return _("Thông tin cơ quan nhà nước công khai theo Điều 17 Luật Tiếp cận thông tin 2016.")

    def items(self, obj: Organisation | None) -> list[DisclosureEntry]:
        return list(register.published_entries(obj)[:FEED_SIZE])

    def item_title(self, item: DisclosureEntry) -> str:
        return item.title

    def item_description(self, item: DisclosureEntry) -> str:
        category = by_code().get(item.category)
        parts = [
            category.name if category else "", item.document_number, item.get_form_display(),
            f"{item.published_on:%d/%m/%Y}" if item.published_on else "",
        ]  # fmt: skip
        return " · ".join(part for part in parts if part)

    def item_link(self, item: DisclosureEntry) -> str:
        return item.url or self._anchor(item)

    def item_guid(self, item: DisclosureEntry) -> str:
        return self._anchor(item)

    def item_guid_is_permalink(self, item: DisclosureEntry) -> bool:
        return False

    def _anchor(self, item: DisclosureEntry) -> str:
        return reverse("disclosure_public:catalogue", args=[item.organisation.code]) + f"#muc-{item.pk}"

    def item_pubdate(self, item: DisclosureEntry) -> datetime | None:
        if item.published_on is None:
            return None
        return timezone.make_aware(datetime.combine(item.published_on, time(0, 0)))

    def item_updateddate(self, item: DisclosureEntry) -> datetime:
        return item.updated_at

    def item_author_name(self, item: DisclosureEntry) -> str:
        return item.organisation.name

    def item_categories(self, item: DisclosureEntry) -> list[str]:
        category = by_code().get(item.category)
        return [category.name] if category else []
