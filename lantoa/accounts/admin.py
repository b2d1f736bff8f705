from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.models import ApiToken, User
from lantoa.accounts.permissions import roles_of
from lantoa.accounts.roles import ROLE_LABELS, Role
from lantoa.accounts.services import check_roles_fit_user, do_set_roles
from lantoa.audit.services import diff, record_event, snapshot

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]
ROLE_CODES = frozenset(role.value for role in Role)


class RolesMixin(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        probe = User(organisation=cleaned.get("organisation"))
        try:
            check_roles_fit_user(probe, [Role(value) for value in cleaned.get("roles", [])])
        except forms.ValidationError as exc:
            self.add_error("roles", exc)
        return cleaned


class LantoaUserChangeForm(RolesMixin, UserChangeForm[User]):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]
        model = User

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = [role.value for role in roles_of(self.instance)]


class LantoaUserCreationForm(RolesMixin, UserCreationForm[User]):
    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "full_name", "email", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = LantoaUserChangeForm
    add_form = LantoaUserCreationForm
    list_display = ["username", "full_name", "organisation", "role_names", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "organisation__kind"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email", "phone", "organisation")}),
        (_("Quyền"), {"fields": ("is_active", "roles", "is_superuser")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "email", "organisation", "roles", "password1", "password2")}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Vai trò"))
    def role_names(self, obj: User) -> str:
        return ", ".join(str(ROLE_LABELS[Role(g.name)]) for g in obj.groups.all() if g.name in ROLE_CODES)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[Any], change: bool) -> None:
        # Passwords are never logged, only that they changed.
        fields = sorted(set(form.changed_data) & {"username", "full_name", "email", "phone", "organisation",
                                                  "is_active", "is_superuser"})  # fmt: skip
        before = snapshot(User.objects.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        record_event(
            actor,
            "accounts.user.update" if change else "accounts.user.create",
            obj,
            changes=diff(before, snapshot(obj, fields)),
            organisation=obj.organisation,
        )

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        actor = request.user if isinstance(request.user, User) else None
        do_set_roles(actor, form.instance, [Role(value) for value in form.cleaned_data.get("roles", [])])


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are created on the user's profile page, where the token is shown once.
        return False
