import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role, role_permissions
from lantoa.accounts.services import do_set_roles, sync_roles
from lantoa.audit.models import AuditEvent
from lantoa.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_permissions() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
    leader = Group.objects.get(name=Role.LEADER)
    assert not leader.permissions.filter(codename__startswith="change_").exists()
    assert leader.permissions.filter(codename="view_person").exists()
    assert sync_roles() == sync_roles()  # idempotent


def test_role_permissions_name_only_existing_permissions() -> None:
    counts = sync_roles()
    assert set(counts) == {role.value for role in role_permissions()}
    assert all(count > 0 for count in counts.values())


def test_agency_roles_need_an_organisation() -> None:
    with pytest.raises(ValidationError):
        make_user("khong_co_quan", [Role.AGENCY_OFFICER])


def test_only_administrators_give_roles(admin_user: User, press_officer: User, outsider: User) -> None:
    with pytest.raises(PermissionDenied):
        do_set_roles(press_officer, outsider, [Role.LEADER])
    do_set_roles(admin_user, outsider, [Role.LEADER])
    outsider = User.objects.get(pk=outsider.pk)
    assert outsider.has_perm("org.view_person")
    event = AuditEvent.objects.get(action="accounts.user.set_roles", target_id=str(outsider.pk))
    assert event.changes == {"roles": [[], ["leader"]]} and event.actor == admin_user


def test_staff_access_follows_the_role(admin_user: User, press_officer: User, agency_officer: User) -> None:
    assert admin_user.is_staff and press_officer.is_staff
    assert not agency_officer.is_staff
