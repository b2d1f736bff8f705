from __future__ import annotations

from django.contrib import admin

from lantoa.audit.admin import AuditedModelAdmin
from lantoa.monitoring.models import Item, Quarantine, Source, Story


@admin.register(Source)
class SourceAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "url", "is_active", "flagged", "last_success_at", "consecutive_failures"]
    list_filter = ["kind", "is_active", "flagged"]
    search_fields = ["name", "url"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "last_success_at", "last_error_at", "last_error"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "outlet_name", "published_at", "status", "relevant"]
    list_filter = ["status", "relevant", "kind"]
    search_fields = ["title", "url", "key"]
    list_select_related = ["source"]
    raw_id_fields = ["story", "source", "outlet"]
    exclude = ["fingerprint"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "first_published_at", "item_count", "outlet_count", "relevant"]
    list_filter = ["relevant"]
    raw_id_fields = ["first_item"]


@admin.register(Quarantine)
class QuarantineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "source", "stage", "reason", "attempts"]
    list_filter = ["stage"]
    list_select_related = ["source"]
