import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.org import services
from lantoa.org.models import Organisation, Person
from lantoa.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_audits_a_change_with_before_and_after(press_officer: User, so_y_te: Organisation) -> None:
    person = PersonFactory(organisation=so_y_te, phone="0208 111")
    services.do_update_person(press_officer, person, {"phone": "0208 222", "title": person.title})
    event = AuditEvent.objects.get(action="org.person.update", target_id=str(person.pk))
    assert event.actor == press_officer
    assert event.changes == {"phone": ["0208 111", "0208 222"]}
    assert event.organisation == so_y_te
    # Nothing changed: nothing written.
    services.do_update_person(press_officer, person, {"phone": "0208 222"})
    assert AuditEvent.objects.filter(action="org.person.update", target_id=str(person.pk)).count() == 1


def test_a_new_spokesperson_takes_over_from_the_previous_one(agency_officer: User, so_y_te: Organisation) -> None:
    first = services.do_create_person(
        agency_officer, {"full_name": "Trần Thị Hoa", "organisation": so_y_te, "is_spokesperson": True}
    )
    second = services.do_create_person(agency_officer, {"full_name": "Lê Văn Nam", "organisation": so_y_te})
    services.do_set_spokesperson(agency_officer, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_spokesperson, second.is_spokesperson) == (False, True)
    actions = list(
        AuditEvent.objects.filter(organisation=so_y_te, action="org.person.update").values_list("target_id", "changes")
    )
    assert (str(first.pk), {"is_spokesperson": [True, False]}) in actions
    assert (str(second.pk), {"is_spokesperson": [False, True]}) in actions


def test_an_agency_officer_cannot_touch_another_organisation(
    agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    theirs = PersonFactory(organisation=so_tu_phap)
    with pytest.raises(PermissionDenied):
        services.do_update_person(agency_officer, theirs, {"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.do_create_person(agency_officer, {"full_name": "X", "organisation": so_tu_phap})
    mine = PersonFactory(organisation=so_y_te)
    with pytest.raises(PermissionDenied):
        services.do_update_person(agency_officer, mine, {"organisation": so_tu_phap})
    with pytest.raises(PermissionDenied):
        services.do_update_organisation(agency_officer, so_tu_phap, {"phone": "1"})
    assert theirs not in services.visible_people(agency_officer)
    assert set(services.visible_organisations(agency_officer)) == {so_y_te}


def test_an_agency_officer_edits_only_the_contacts_of_their_organisation(
    agency_officer: User, so_y_te: Organisation
) -> None:
    services.do_update_organisation(agency_officer, so_y_te, {"phone": "0208 3855 000", "email": "syt@tn.gov.vn"})
    so_y_te.refresh_from_db()
    assert so_y_te.phone == "0208 3855 000"
    with pytest.raises(PermissionDenied):
        services.do_update_organisation(agency_officer, so_y_te, {"name": "Sở Y tế mới"})


def test_a_leader_reads_but_does_not_change(leader: User, so_y_te: Organisation) -> None:
    person = PersonFactory(organisation=so_y_te)
    assert person in services.visible_people(leader)
    with pytest.raises(PermissionDenied):
        services.do_update_person(leader, person, {"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.do_update_organisation(leader, so_y_te, {"phone": "1"})


def test_an_outsider_sees_nothing(outsider: User) -> None:
    with pytest.raises(PermissionDenied):
        services.visible_organisations(outsider)
    with pytest.raises(PermissionDenied):
        services.visible_people(outsider)


def test_bad_input_is_refused_and_nothing_stored_is_lost(press_officer: User, so_y_te: Organisation) -> None:
    person = PersonFactory(organisation=so_y_te, email="cu@example.gov.vn")
    with pytest.raises(ValidationError):
        services.do_update_person(press_officer, person, {"email": "không phải thư", "phone": "0208 999"})
    person.refresh_from_db()
    assert (person.email, person.phone) == ("cu@example.gov.vn", "0208 3855 123")
    with pytest.raises(ValidationError):
        services.do_update_person(press_officer, person, {"salary": 1})
    with pytest.raises(ValidationError):
        services.do_create_person(press_officer, {"full_name": "Không Cơ Quan"})
    province = Organisation.objects.get(code="ubnd-tinh")
    with pytest.raises(ValidationError):
        services.do_update_organisation(press_officer, province, {"parent": so_y_te})
    assert Person.objects.filter(full_name="Không Cơ Quan").count() == 0


def test_a_spokesperson_keeps_their_organisations_people_up_to_date(
    spokesperson_user: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    mine = PersonFactory(organisation=so_y_te)
    services.do_update_person(spokesperson_user, mine, {"phone": "0912 345 678"})
    assert set(services.visible_organisations(spokesperson_user)) == {so_y_te}
    with pytest.raises(PermissionDenied):
        services.do_create_person(spokesperson_user, {"full_name": "Mới", "organisation": so_y_te})
    with pytest.raises(PermissionDenied):
        services.do_update_person(spokesperson_user, PersonFactory(organisation=so_tu_phap), {"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.do_update_organisation(spokesperson_user, so_y_te, {"phone": "1"})
