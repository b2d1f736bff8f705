"""The registry pages, per persona. Each factory text carries <script>: pages must escape it."""

import pytest
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.org.models import Organisation, Person
from lantoa.testing.factories import OrganisationFactory, PersonFactory, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login() -> None:
    from django.test import Client

    response = Client().get(reverse("org:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_press_officer_sees_every_organisation(press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("org:organisation_list"))
    assert response.status_code == 200
    assert len(response.context["organisations"]) == Organisation.objects.count()
    assert "Sở Y tế" in response.content.decode()


def test_the_list_searches_without_accents(press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("org:organisation_list"), {"q": "so y te"})
    assert [org.code for org in response.context["organisations"]] == ["so-y-te"]
    partial = client_for(press_officer).get(
        reverse("org:organisation_list"), {"q": "so y te"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in partial.content.decode()
    assert "Sở Y tế" in partial.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(press_officer: User, django_assert_max_num_queries: object) -> None:
    for organisation in OrganisationFactory.create_batch(20):
        PersonFactory.create_batch(2, organisation=organisation)
    client = client_for(press_officer)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("org:organisation_list"))
    assert response.status_code == 200


def test_the_agency_officer_sees_only_their_organisation(
    agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    theirs = PersonFactory(organisation=so_tu_phap)
    client = client_for(agency_officer)
    listing = client.get(reverse("org:organisation_list"))
    assert [org.code for org in listing.context["organisations"]] == ["so-y-te"]
    assert client.get(reverse("org:organisation_detail", args=[so_y_te.pk])).status_code == 200
    assert client.get(reverse("org:organisation_detail", args=[so_tu_phap.pk])).status_code == 403
    assert client.get(reverse("org:organisation_edit", args=[so_tu_phap.pk])).status_code == 403
    assert client.get(reverse("org:person_edit", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("org:person_make_spokesperson", args=[theirs.pk])).status_code == 403
    assert (
        client.post(
            reverse("org:person_create", args=[so_tu_phap.pk]), {"full_name": "X", "organisation": so_tu_phap.pk}
        ).status_code
        == 403
    )
    assert not Person.objects.filter(full_name="X").exists()


def test_the_agency_officer_adds_a_person_to_their_organisation(agency_officer: User, so_y_te: Organisation) -> None:
    client = client_for(agency_officer)
    response = client.post(
        reverse("org:person_create", args=[so_y_te.pk]),
        {"full_name": "Hoàng Thị Mai", "title": "Chánh Văn phòng", "organisation": so_y_te.pk, "is_active": "on",
         "is_spokesperson": "on", "email": "mai@syt.gov.vn"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Person.objects.get(full_name="Hoàng Thị Mai")
    assert person.is_spokesperson
    page = client.get(reverse("org:organisation_detail", args=[so_y_te.pk])).content.decode()
    assert "Hoàng Thị Mai" in page
    assert "người phát ngôn" in page


def test_a_form_with_bad_input_shows_errors_and_keeps_the_stored_values(
    agency_officer: User, so_y_te: Organisation
) -> None:
    person = PersonFactory(organisation=so_y_te, email="dung@syt.gov.vn")
    response = client_for(agency_officer).post(
        reverse("org:person_edit", args=[person.pk]),
        {"full_name": "", "organisation": so_y_te.pk, "email": "sai-dia-chi"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    person.refresh_from_db()
    assert person.email == "dung@syt.gov.vn"
    assert person.full_name.startswith("Nguyễn Văn Thử")


def test_the_agency_officer_form_offers_only_contact_fields(agency_officer: User, so_y_te: Organisation) -> None:
    client = client_for(agency_officer)
    form = client.get(reverse("org:organisation_edit", args=[so_y_te.pk])).context["form"]
    assert set(form.fields) == {"email", "phone", "website", "address"}
    response = client.post(
        reverse("org:organisation_edit", args=[so_y_te.pk]), {"phone": "0208 1", "name": "Đổi tên", "email": ""}
    )
    assert response.status_code == 302
    so_y_te.refresh_from_db()
    assert (so_y_te.phone, so_y_te.name) == ("0208 1", "Sở Y tế")


def test_pages_escape_hostile_text(press_officer: User) -> None:
    person = PersonFactory()
    client = client_for(press_officer)
    for url in (
        reverse("org:organisation_list"),
        reverse("org:organisation_detail", args=[person.organisation_id]),
        reverse("org:person_edit", args=[person.pk]),
    ):
        body = client.get(url).content.decode()
        assert not unescaped(body), url
        assert "&lt;script&gt;" in body, url


def test_the_outsider_is_refused(outsider: User) -> None:
    client = client_for(outsider)
    assert client.get(reverse("org:organisation_list")).status_code == 403
    assert client.get(reverse("org:commune_list")).status_code == 403
    assert "chưa được giao vai trò" in client.get(reverse("dashboard")).content.decode()


def test_the_commune_list_shows_codes_and_former_districts(leader: User, django_assert_max_num_queries: object) -> None:
    client = client_for(leader)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("org:commune_list"))
    body = response.content.decode()
    assert len(response.context["units"]) == 92
    assert "05443" in body and "Phường Phan Đình Phùng" in body
    assert "15 phường, 77 xã" in body
    assert "Huyện (cũ) Đại Từ" in body


def test_the_former_names_page_finds_old_communes(leader: User) -> None:
    response = client_for(leader).get(reverse("org:former_unit_list"), {"q": "phuc xuan"})
    body = response.content.decode()
    assert "Xã Đại Phúc" in body
    overview = client_for(leader).get(reverse("org:former_unit_list"))
    assert len(overview.context["units"]) == 18


def test_outlets_are_listed(leader: User) -> None:
    body = client_for(leader).get(reverse("org:outlet_list")).content.decode()
    assert "VnExpress" in body and "baochinhphu.vn" in body
