"""Account state changes: roles, API tokens. ``check_*`` validates and authorises, ``do_*`` changes and audits."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import ApiToken, User, hash_token
from lantoa.accounts.permissions import has_role
from lantoa.accounts.roles import SCOPED_ROLES, STAFF_ROLES, Role, role_permissions
from lantoa.audit.services import record_event

TOKEN_PREFIX = "lt_"  # noqa: S105 - a visible prefix, not a secret


def sync_roles(using: str = "default") -> dict[str, int]:
    """Create the role groups and set exactly the permissions ``role_permissions()`` gives them. Idempotent."""
    counts: dict[str, int] = {}
    for role, patterns in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        permissions: list[Permission] = []
        for pattern in patterns:
            app_label, codename = pattern.split(".", 1)
            found = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            matched = list(found)
            # An app whose models are not migrated yet has no permissions at all: nothing to grant yet. Within a
            # migrated app, a pattern that matches nothing is a typo and must stop the sync.
            if (
                not matched
                and codename != "*"
                and Permission.objects.using(using).filter(content_type__app_label=app_label).exists()
            ):
                raise LookupError(f"role {role.value}: no permission matches {pattern!r}")
            permissions.extend(matched)
        group.permissions.set(permissions)
        counts[role.value] = len(set(permissions))
    return counts


def check_can_manage_users(actor: User) -> None:
    if not (actor.is_superuser or has_role(actor, Role.ADMINISTRATOR)):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được quản lý tài khoản."))


def check_roles_fit_user(user: User, roles: Iterable[Role]) -> None:
    if set(roles) & SCOPED_ROLES and user.organisation_id is None:
        raise ValidationError(_("Vai trò cán bộ cơ quan và người phát ngôn cần gắn với một cơ quan."))


@transaction.atomic
def do_set_roles(actor: User | None, user: User, roles: Iterable[Role]) -> None:
    """Give ``user`` exactly ``roles``. ``actor`` None means the system itself (set-up commands)."""
    wanted = set(roles)
    if actor is not None:
        check_can_manage_users(actor)
    check_roles_fit_user(user, wanted)
    before = sorted(user.groups.filter(name__in=[r.value for r in Role]).values_list("name", flat=True))
    other_groups = list(user.groups.exclude(name__in=[r.value for r in Role]))
    groups = [Group.objects.get_or_create(name=role.value)[0] for role in sorted(wanted)]
    user.groups.set([*other_groups, *groups])
    is_staff = user.is_superuser or bool(wanted & STAFF_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    for cache in ("_lantoa_roles", "_lantoa_scope", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    after = sorted(role.value for role in wanted)
    if before != after:
        record_event(
            actor, "accounts.user.set_roles", user, changes={"roles": [before, after]}, organisation=user.organisation
        )


@transaction.atomic
def do_create_user(
    actor: User | None,
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    organisation_id: int | None = None,
    roles: Iterable[Role] = (),
    is_superuser: bool = False,
) -> User:
    if actor is not None:
        check_can_manage_users(actor)
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tên đăng nhập “%(name)s” đã có.") % {"name": username})
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        organisation_id=organisation_id,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_event(actor, "accounts.user.create", user, organisation=user.organisation)
    do_set_roles(actor, user, roles)
    return user


@transaction.atomic
def do_create_api_token(actor: User, owner: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``owner``; returns the row and the token itself, which is never stored nor shown again."""
    if actor.pk != owner.pk:
        check_can_manage_users(actor)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=owner, name=name.strip() or "API", prefix=raw[:10], key_hash=hash_token(raw))
    record_event(actor, "accounts.token.create", token, organisation=owner.organisation)
    return token, raw


@transaction.atomic
def do_revoke_api_token(actor: User, token: ApiToken) -> None:
    if actor.pk != token.user_id:
        check_can_manage_users(actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor, "accounts.token.revoke", token, organisation=token.user.organisation)


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None. Records when the token was last used (once a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
