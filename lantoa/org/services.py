"""Registry state changes. Views, the admin and the API call these; none of them saves a model directly.

``check_*`` raise PermissionDenied / ValidationError; ``do_*`` check, change, audit, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import is_province_wide, require_perm, require_scope, scoped_organisation_ids
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.org.models import Organisation, Person

ORGANISATION_FIELDS = (
    "code", "name", "short_name", "kind", "parent", "commune", "email", "phone", "website", "address",
    "is_active", "sort_order",
)  # fmt: skip
# What an officer of the organisation itself may correct; the rest (identity, place in the tree) is the registry
# keepers' (press office, administrators).
ORGANISATION_SELF_SERVICE_FIELDS = frozenset({"email", "phone", "website", "address"})
PERSON_FIELDS = (
    "full_name", "title", "organisation", "phone", "email", "is_spokesperson", "spokesperson_basis",
    "is_information_provider", "is_communicator", "communication_duties", "authorisation_number",
    "authorisation_date", "confirmed_on", "is_active", "note",
)  # fmt: skip


# --- reading ----------------------------------------------------------------------------------------------------
def visible_organisations(user: User) -> QuerySet[Organisation]:
    require_perm(user, "org.view_organisation")
    scope = scoped_organisation_ids(user)
    found = Organisation.objects.select_related("parent", "commune")
    return found if scope is None else found.filter(id__in=scope)


def visible_people(user: User) -> QuerySet[Person]:
    require_perm(user, "org.view_person")
    scope = scoped_organisation_ids(user)
    found = Person.objects.select_related("organisation")
    return found if scope is None else found.filter(organisation_id__in=scope)


def check_can_view_organisation(user: User, organisation: Organisation) -> None:
    require_perm(user, "org.view_organisation")
    require_scope(user, organisation.pk)


def check_can_view_person(user: User, person: Person) -> None:
    require_perm(user, "org.view_person")
    require_scope(user, person.organisation_id)


# --- organisations ---------------------------------------------------------------------------------------------------
def check_can_create_organisation(user: User) -> None:
    require_perm(user, "org.add_organisation")
    if not is_province_wide(user):
        raise PermissionDenied(_("Chỉ cán bộ báo chí và quản trị được thêm cơ quan."))


def check_can_change_organisation(user: User, organisation: Organisation, fields: set[str]) -> None:
    require_perm(user, "org.change_organisation")
    require_scope(user, organisation.pk)
    if not is_province_wide(user) and not fields <= ORGANISATION_SELF_SERVICE_FIELDS:
        raise PermissionDenied(_("Cán bộ cơ quan chỉ sửa được: thư điện tử, điện thoại, trang web, địa chỉ."))


def _validate(instance: Organisation | Person, fields: set[str] | None = None) -> None:
    exclude = None if fields is None else [f.name for f in instance._meta.fields if f.name not in fields]
    instance.full_clean(exclude=exclude)


@transaction.atomic
def do_create_organisation(actor: User | None, values: Mapping[str, Any]) -> Organisation:
    if actor is not None:
        check_can_create_organisation(actor)
    organisation = Organisation(**{k: v for k, v in values.items() if k in ORGANISATION_FIELDS})
    _validate(organisation)
    organisation.save()
    record_event(
        actor,
        "org.organisation.create",
        organisation,
        changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)),
        organisation=organisation,
    )
    return organisation


@transaction.atomic
def do_update_organisation(actor: User | None, organisation: Organisation, values: Mapping[str, Any]) -> Organisation:
    """Apply ``values`` (field -> new value); unknown fields are an error, unchanged ones are ignored."""
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(current, ORGANISATION_FIELDS)
    changed = {name for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        return current
    if actor is not None:
        check_can_change_organisation(actor, current, changed)
    if "parent" in changed and values["parent"] is not None and _would_loop(current, values["parent"]):
        raise ValidationError({"parent": _("Cơ quan cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")})
    for name in changed:
        setattr(current, name, values[name])
    _validate(current, changed)
    current.save(update_fields=sorted(changed))
    record_event(
        actor,
        "org.organisation.update",
        current,
        changes=diff(before, snapshot(current, ORGANISATION_FIELDS)),
        organisation=current,
    )
    return current


def _would_loop(organisation: Organisation, parent: Organisation) -> bool:
    seen: set[int] = set()
    node: Organisation | None = parent
    while node is not None and node.pk not in seen:
        if node.pk == organisation.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


# --- people -----------------------------------------------------------------------------------------------------
def check_can_create_person(user: User, organisation: Organisation) -> None:
    require_perm(user, "org.add_person")
    require_scope(user, organisation.pk)


def check_can_change_person(user: User, person: Person, new_organisation: Organisation | None = None) -> None:
    require_perm(user, "org.change_person")
    require_scope(user, person.organisation_id)
    if new_organisation is not None:
        # Moving a person is allowed only into an organisation the user also manages.
        require_scope(user, new_organisation.pk)


@transaction.atomic
def do_create_person(actor: User | None, values: Mapping[str, Any]) -> Person:
    person = Person(**{k: v for k, v in values.items() if k in PERSON_FIELDS})
    if person.organisation_id is None:
        raise ValidationError({"organisation": _("Cần chọn cơ quan.")})
    if actor is not None:
        check_can_create_person(actor, person.organisation)
    if person.is_spokesperson:
        # Before validating: the one-spokesperson constraint is checked by full_clean. A failure below rolls back.
        _step_down_spokesperson(actor, person.organisation, keep=None)
    _validate(person)
    person.save()
    record_event(
        actor,
        "org.person.create",
        person,
        changes=diff({}, snapshot(person, PERSON_FIELDS)),
        organisation=person.organisation,
    )
    return person


@transaction.atomic
def do_update_person(actor: User | None, person: Person, values: Mapping[str, Any]) -> Person:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    current = Person.objects.select_for_update().select_related("organisation").get(pk=person.pk)
    before = snapshot(current, PERSON_FIELDS)
    changed = {name for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        return current
    if actor is not None:
        check_can_change_person(actor, current, values.get("organisation") if "organisation" in changed else None)
    for name in changed:
        setattr(current, name, values[name])
    if current.is_spokesperson and {"is_spokesperson", "organisation"} & changed:
        _step_down_spokesperson(actor, current.organisation, keep=current)
    _validate(current, changed)
    current.save(update_fields=sorted(changed | {"updated_at"}))
    record_event(
        actor,
        "org.person.update",
        current,
        changes=diff(before, snapshot(current, PERSON_FIELDS)),
        organisation=current.organisation,
    )
    return current


def do_set_spokesperson(actor: User | None, person: Person) -> Person:
    """Make ``person`` the spokesperson of their organisation; the previous one steps down (both audited)."""
    return do_update_person(actor, person, {"is_spokesperson": True})


def _step_down_spokesperson(actor: User | None, organisation: Organisation, keep: Person | None) -> None:
    previous = Person.objects.select_for_update().filter(organisation=organisation, is_spokesperson=True)
    if keep is not None:
        previous = previous.exclude(pk=keep.pk)
    for old in previous:
        old.is_spokesperson = False
        old.save(update_fields=["is_spokesperson", "updated_at"])
        record_event(
            actor,
            "org.person.update",
            old,
            changes={"is_spokesperson": [True, False]},
            organisation=organisation,
            summary=_("Thôi làm người phát ngôn (đã giao cho người khác)."),
        )


# --- spokesperson registry (Decree 09/2017) ---------------------------------------------------------------------
def check_can_confirm_registry(user: User, organisation: Organisation) -> None:
    require_perm(user, "org.change_person")
    require_scope(user, organisation.pk)


@transaction.atomic
def do_confirm_registry(actor: User | None, organisation: Organisation, day: date | None = None) -> int:
    """The organisation confirms that its registry entries (spokesperson, persons authorised to inform the press)
    are still right: their "last confirmed" date becomes ``day`` (today). Returns how many were confirmed."""
    if actor is not None:
        check_can_confirm_registry(actor, organisation)
    day = day or timezone.localdate()
    people = list(
        Person.objects.select_for_update()
        .filter(organisation=organisation, is_active=True)
        .filter(Q(is_spokesperson=True) | Q(is_information_provider=True))
        .order_by("-is_spokesperson", "full_name")
    )
    if not people:
        raise ValidationError(_("Cơ quan chưa có người phát ngôn hoặc người được giao cung cấp thông tin."))
    Person.objects.filter(pk__in=[person.pk for person in people]).update(confirmed_on=day, updated_at=timezone.now())
    record_event(
        actor,
        "org.registry.confirm",
        organisation,
        changes={"confirmed_on": [None, day.isoformat()]},
        organisation=organisation,
        summary=", ".join(person.full_name for person in people)[:500],
    )
    return len(people)
