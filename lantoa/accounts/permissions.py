"""Who may see and change what. Services call these; templates only mirror them.

Two questions are asked of every access: does the user's role carry the Django permission (``org.change_person``),
and is the object inside the user's scope (the whole province, or the user's organisation and the units under it)?
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lantoa.accounts.roles import PROVINCE_WIDE_ROLES, SCOPED_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lantoa.accounts.models import User

    AnyUser = User | AnonymousUser


def roles_of(user: AnyUser) -> frozenset[Role]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    # Cached on the instance, as Django caches permissions; do_set_roles clears it.
    cache = user.__dict__
    if "_lantoa_roles" not in cache:
        known = {role.value for role in Role}
        names = user.groups.values_list("name", flat=True)
        cache["_lantoa_roles"] = frozenset(Role(name) for name in names if name in known)
    roles: frozenset[Role] = cache["_lantoa_roles"]
    return roles


def has_role(user: AnyUser, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def is_province_wide(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or roles_of(user) & PROVINCE_WIDE_ROLES)


def scoped_organisation_ids(user: AnyUser) -> frozenset[int] | None:
    """The organisations a user may see: ``None`` means all of them; an empty set means none."""
    if is_province_wide(user):
        return None
    organisation_id: int | None = getattr(user, "organisation_id", None)
    if not (roles_of(user) & SCOPED_ROLES) or organisation_id is None:
        return frozenset()
    cache = user.__dict__
    if "_lantoa_scope" not in cache:
        from lantoa.org.models import Organisation

        # The user's organisation and every unit under it; the tree is shallow (province > body > unit).
        found = {organisation_id}
        frontier = set(found)
        while frontier:
            frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        cache["_lantoa_scope"] = frozenset(found)
    scope: frozenset[int] = cache["_lantoa_scope"]
    return scope


def in_scope(user: AnyUser, organisation_id: int | None) -> bool:
    scope = scoped_organisation_ids(user)
    if scope is None:
        return True
    return organisation_id is not None and organisation_id in scope


def has_any_role(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or roles_of(user)))


def require_perm(user: AnyUser, perm: str) -> None:
    if not user.is_authenticated or not user.has_perm(perm):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def require_scope(user: AnyUser, organisation_id: int | None) -> None:
    if not in_scope(user, organisation_id):
        raise PermissionDenied(_("Đối tượng này thuộc cơ quan khác, bạn không có quyền truy cập."))


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a request that login_required or the API's auth already admitted."""
    from lantoa.accounts.models import User

    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Cần đăng nhập."))
    return user
