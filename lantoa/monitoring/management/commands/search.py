"""``lantoa search QUERY [--json]``: full-text search of stored items, accent-insensitive."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lantoa.monitoring import search
from lantoa.monitoring.models import Item


class Command(BaseCommand):
    help = "Search the stored items (accents optional)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--relevant", action="store_true", help="only items concerning the province")

    def handle(self, *args: Any, **options: Any) -> None:
        query = " ".join(options["query"])
        ids = search.matching_ids(query, limit=max(options["limit"] * 5, 100))
        items = Item.objects.filter(id__in=ids).select_related("story", "source")
        if options["relevant"]:
            items = items.filter(relevant=True)
        rank = {item_id: position for position, item_id in enumerate(ids)}
        found = sorted(items, key=lambda item: rank[item.pk])[: options["limit"]]
        for item in found:
            published = timezone.localtime(item.published_at).strftime("%d/%m/%Y %H:%M") if item.published_at else ""
            if options["json"]:
                row = {
                    "id": item.pk, "key": item.key, "title": item.title, "url": item.url,
                    "published": item.published_at.isoformat() if item.published_at else None,
                    "source": item.source.name, "outlet": item.outlet_name, "story": item.story_id,
                    "relevant": item.relevant, "status": item.status,
                }  # fmt: skip
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                flag = "*" if item.relevant else " "
                self.stdout.write(f"{flag} {item.pk:>7}  {published:16}  {item.title[:100]}")
        if not options["json"]:
            self.stdout.write(f"{len(found)} kết quả cho “{query}”.")
