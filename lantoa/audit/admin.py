from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from lantoa.accounts.permissions import scoped_organisation_ids
from lantoa.audit.models import AuditEvent
from lantoa.audit.services import diff, record_event, snapshot


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin for reference data: every save and delete writes an audit event, like the services do."""

    def _action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        fields = [name for name in form.changed_data if name in {f.name for f in obj._meta.fields}]
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk), fields) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        record_event(
            request.user,  # type: ignore[arg-type]
            self._action(obj, "update" if change else "create"),
            obj,
            changes=diff(before, snapshot(obj, fields)),
        )

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_event(request.user, self._action(obj, "delete"), obj)  # type: ignore[arg-type]
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            record_event(request.user, self._action(obj, "delete"), obj)  # type: ignore[arg-type]
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor_label", "action", "target_label", "organisation"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "summary"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        scope = scoped_organisation_ids(request.user)
        found = super().get_queryset(request)
        return found if scope is None else found.filter(organisation_id__in=scope)

    # The log is written by services only.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
