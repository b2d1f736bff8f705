import pytest

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.audit.services import diff, plain
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_diff_lists_only_changed_fields() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


def test_plain_values_are_json_safe_and_short() -> None:
    assert plain("x" * 600).endswith("…")
    assert len(plain("x" * 600)) == 501


def test_the_admin_shows_the_log_read_only(admin_user: User, press_officer: User) -> None:
    client = client_for(admin_user)
    from lantoa.accounts.roles import Role
    from lantoa.accounts.services import do_set_roles

    do_set_roles(admin_user, press_officer, [Role.PRESS_OFFICER, Role.LEADER])
    response = client.get("/quan-tri/audit/auditevent/")
    assert response.status_code == 200
    assert "accounts.user.set_roles" in response.content.decode()
    event = AuditEvent.objects.filter(action="accounts.user.set_roles").first()
    assert event is not None
    assert client.post(f"/quan-tri/audit/auditevent/{event.pk}/delete/").status_code == 403
