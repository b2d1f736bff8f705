"""Admin of the registry. Organisations and people go through the services (scope, audit); reference data through
the audited admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.permissions import acting_user, in_scope, scoped_organisation_ids
from lantoa.audit.admin import AuditedModelAdmin
from lantoa.org import services
from lantoa.org.forms import changed_values
from lantoa.org.models import AdministrativeUnit, FormerUnit, Organisation, Outlet, Person


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Staff outside the province-wide roles see and change only their organisation's rows."""

    organisation_field = "organisation_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        scope = scoped_organisation_ids(request.user)
        found = super().get_queryset(request)
        return found if scope is None else found.filter(**{f"{self.organisation_field}__in": scope})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, getattr(obj, self.organisation_field)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Registry rows are deactivated (is_active), not deleted: the history refers to them.
        return False


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    organisation_field = "id"
    list_display = ["name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "commune"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: ModelForm[Any], change: bool) -> None:
        user = acting_user(request)
        if change:
            services.do_update_organisation(user, Organisation.objects.get(pk=obj.pk), changed_values(form))
        else:
            created = services.do_create_organisation(user, form.cleaned_data)
            obj.pk = created.pk


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["full_name", "title", "organisation", "phone", "email", "is_spokesperson", "is_active"]
    list_filter = ["is_spokesperson", "is_communicator", "is_active", "organisation__kind"]
    search_fields = ["full_name", "title", "email", "phone", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request: HttpRequest, obj: Person, form: ModelForm[Any], change: bool) -> None:
        user = acting_user(request)
        if change:
            services.do_update_person(user, Person.objects.get(pk=obj.pk), changed_values(form))
        else:
            created = services.do_create_person(user, form.cleaned_data)
            obj.pk = created.pk


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedModelAdmin):
    list_display = ["code_display", "name", "division_type", "former_districts"]
    list_filter = ["division_type"]
    search_fields = ["name", "search_name", "code"]
    ordering = ["code"]
    readonly_fields = ["search_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdministrativeUnit]:
        return super().get_queryset(request).prefetch_related("former_units")

    @admin.display(description=_("Mã"))
    def code_display(self, obj: AdministrativeUnit) -> str:
        return obj.code_display

    @admin.display(description=_("Thuộc địa bàn cũ"))
    def former_districts(self, obj: AdministrativeUnit) -> str:
        return "; ".join(str(unit) for unit in obj.former_units.all() if unit.parent_id is None and unit.kind != "tinh")


@admin.register(FormerUnit)
class FormerUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "former_province", "parent", "gso_code", "successor_names"]
    list_filter = ["kind", "former_province"]
    search_fields = ["name", "search_name", "aliases"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FormerUnit]:
        return super().get_queryset(request).prefetch_related("successors")

    @admin.display(description=_("Đơn vị hiện nay"))
    def successor_names(self, obj: FormerUnit) -> str:
        return ", ".join(unit.short_name for unit in obj.successors.all())


@admin.register(Outlet)
class OutletAdmin(AuditedModelAdmin):
    list_display = ["name", "scope", "domain", "governing_body", "is_active"]
    list_filter = ["scope", "is_active"]
    search_fields = ["name", "domain"]
