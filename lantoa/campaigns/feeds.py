"""Atom 1.0 and RSS 2.0 feeds of published content, combined and per organisation, for the provincial portal and
agency websites to pull. Only items with a published version appear, with that version's text (a later draft
never leaks out). The feed generator escapes text; bodies are sent as plain text, never as HTML."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from lantoa.campaigns.models import ContentItem
from lantoa.org.models import Organisation

FEED_SIZE = 50


def published_items(organisation: Organisation | None = None) -> QuerySet[ContentItem]:
    items = ContentItem.objects.filter(published_version__isnull=False).select_related(
        "published_version", "campaign__organisation"
    )
    if organisation is not None:
        items = items.filter(campaign__organisation=organisation)
    return items.order_by("-published_at", "-id")


class PublishedRss(Feed):  # type: ignore[type-arg]
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, code: str = "") -> Organisation | None:
        return get_object_or_404(Organisation, code=code) if code else None

    def title(self, obj: Organisation | None) -> str:
        return (
            _("Tin truyền thông chính sách: %(org)s") % {"org": obj.name} if obj else _("Tin truyền thông chính sách")
        )

    def link(self, obj: Organisation | None) -> str:
        return reverse("campaigns_public:org_atom", args=[obj.code]) if obj else reverse("campaigns_public:atom")

    def description(self, obj: Organisation | None) -> str:
        return _("Nội dung đã duyệt và đăng của các chiến dịch truyền thông.")

    def items(self, obj: Organisation | None) -> list[ContentItem]:
        return list(published_items(obj)[:FEED_SIZE])

    def item_title(self, item: ContentItem) -> str:
        return item.published_version.title if item.published_version else ""

    def item_description(self, item: ContentItem) -> str:
        return item.published_version.body if item.published_version else ""

    def item_link(self, item: ContentItem) -> str:
        return reverse("campaigns_public:item", args=[item.pk])

    def item_pubdate(self, item: ContentItem) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: ContentItem) -> str:
        return item.campaign.organisation.name

    def item_categories(self, item: ContentItem) -> list[str]:
        return [item.campaign.title]


class PublishedAtom(PublishedRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: Organisation | None) -> str:
        return self.description(obj)
