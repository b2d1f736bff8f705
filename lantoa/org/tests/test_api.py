import json

import pytest
from django.test import Client

from lantoa.accounts.models import User
from lantoa.accounts.services import do_create_api_token, do_revoke_api_token
from lantoa.org.models import Organisation, Person
from lantoa.testing.factories import PersonFactory
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _token, raw = do_create_api_token(user, user, "thử")
    return {"Authorization": f"Bearer {raw}"}


def test_the_openapi_description_is_generated() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/organisations", "/api/people", "/api/people/{person_id}"} <= set(schema["paths"])


def test_the_api_needs_authentication() -> None:
    assert Client().get("/api/organisations").status_code == 401
    assert Client().get("/api/people", headers={"Authorization": "Bearer lt_wrong"}).status_code == 401


def test_a_token_is_scoped_like_its_user(agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation) -> None:
    mine = PersonFactory(organisation=so_y_te)
    theirs = PersonFactory(organisation=so_tu_phap)
    client = Client(headers=bearer(agency_officer))
    organisations = client.get("/api/organisations").json()
    assert [item["code"] for item in organisations["items"]] == ["so-y-te"]
    people = client.get("/api/people").json()
    assert [item["id"] for item in people["items"]] == [mine.pk]
    assert client.get(f"/api/people/{theirs.pk}").status_code == 403
    assert client.get(f"/api/organisations/{so_tu_phap.pk}").status_code == 403
    response = client.patch(f"/api/people/{theirs.pk}", data={"phone": "1"}, content_type="application/json")
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.phone != "1"


def test_a_token_creates_and_updates_people(agency_officer: User, so_y_te: Organisation) -> None:
    client = Client(headers=bearer(agency_officer))
    created = client.post(
        "/api/people",
        data={"full_name": "Đỗ Minh Châu", "organisation_id": so_y_te.pk, "is_spokesperson": True},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    person_id = created.json()["id"]
    updated = client.patch(f"/api/people/{person_id}", data={"phone": "0912 000 111"}, content_type="application/json")
    assert updated.json()["phone"] == "0912 000 111"
    bad = client.patch(f"/api/people/{person_id}", data={"email": "sai"}, content_type="application/json")
    assert bad.status_code == 422
    assert Person.objects.get(pk=person_id).phone == "0912 000 111"


def test_revoked_tokens_and_outsiders_are_refused(agency_officer: User, outsider: User) -> None:
    token, raw = do_create_api_token(agency_officer, agency_officer, "tạm")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/people").status_code == 200
    do_revoke_api_token(agency_officer, token)
    assert client.get("/api/people").status_code == 401
    assert Client(headers=bearer(outsider)).get("/api/people").status_code == 401
    assert client_for(outsider).get("/api/people").status_code == 401


def test_the_browser_session_works_and_needs_csrf_to_write(press_officer: User, so_y_te: Organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(press_officer)
    assert client.get("/api/organisations?limit=5").json()["count"] == Organisation.objects.count()
    body = json.dumps({"full_name": "A", "organisation_id": so_y_te.pk})
    assert client.post("/api/people", data=body, content_type="application/json").status_code == 403
    assert not Person.objects.filter(full_name="A").exists()


def test_listing_people_runs_a_fixed_number_of_queries(
    press_officer: User, django_assert_max_num_queries: object
) -> None:
    PersonFactory.create_batch(30)
    client = Client(headers=bearer(press_officer))
    # token, its last use, roles, two permission look-ups, count, page: the same for 30 people or 3,000.
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        response = client.get("/api/people?limit=100")
    assert response.json()["count"] == 30


def test_the_api_docs_use_vendored_assets() -> None:
    body = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body and "<script>" not in body
