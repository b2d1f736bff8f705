"""What fuzzing the API found (test_api_fuzz.py, doc/security.md), one regression test each; they run on SQLite and on
PostgreSQL like the rest of the suite (``make test``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantoa.accounts.models import User
from lantoa.accounts.services import do_create_api_token
from lantoa.org.models import Organisation, Person
from lantoa.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(admin_user: User) -> Client:
    _token, raw = do_create_api_token(admin_user, admin_user, "hồi quy")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_pages_beyond_what_the_database_holds_are_refused(client: Client) -> None:
    """Was a 500: the offset reached SQLite ("datatype mismatch") and PostgreSQL ("bigint out of range")."""
    assert client.get("/api/organisations?offset=33354417986274697216").status_code == 422
    assert client.get("/api/people?limit=9223372036854775808").status_code == 422
    assert client.get("/api/organisations?limit=501").status_code == 422
    assert len(client.get("/api/organisations?limit=500").json()["items"]) == Organisation.objects.count()
    past_the_end = client.get("/api/organisations?offset=2147483647")
    assert past_the_end.status_code == 200
    assert past_the_end.json()["items"] == []


def test_ids_beyond_64_bits_are_refused(client: Client, so_y_te: Organisation) -> None:
    """Was a 500 on SQLite: OverflowError from the ?organisation_id= filter."""
    assert client.get("/api/people?organisation_id=-12155102708003975168").status_code == 422
    assert client.get("/api/people?organisation_id=9223372036854775808").status_code == 422
    assert client.get("/api/organisations/9223372036854775808").status_code == 422
    body = {"full_name": "Lê Văn Số", "organisation_id": 2**64}
    assert client.post("/api/people", data=body, content_type="application/json").status_code == 422
    assert client.get(f"/api/people?organisation_id={so_y_te.pk}").status_code == 200


@pytest.mark.parametrize("field", ["full_name", "title", "phone", "email"])
def test_a_nul_character_is_refused(client: Client, so_y_te: Organisation, field: str) -> None:
    """Was a 500 on PostgreSQL ("text fields cannot contain NUL"), stored as is on SQLite."""
    body = {"full_name": "Trần Thị Nul", "organisation_id": so_y_te.pk, field: "a\x00b"}
    response = client.post("/api/people", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", field]
    person = PersonFactory(organisation=so_y_te)
    patched = client.patch(f"/api/people/{person.pk}", data={field: "\x00"}, content_type="application/json")
    assert patched.status_code == 422
    assert not Person.objects.filter(full_name="Trần Thị Nul").exists()
    person.refresh_from_db()
    assert "\x00" not in getattr(person, field)


def test_a_patch_refuses_null_as_the_description_says(client: Client, so_y_te: Organisation) -> None:
    """The description said null was allowed (``str | None``); the model refused it."""
    person = PersonFactory(organisation=so_y_te)
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["PersonPatch"]
    assert all("anyOf" not in field and field["type"] != "null" for field in schema["properties"].values())
    response = client.patch(f"/api/people/{person.pk}", data={"is_active": None}, content_type="application/json")
    assert response.status_code == 422
    person.refresh_from_db()
    assert person.is_active is True


def test_every_operation_declares_the_errors_it_answers() -> None:
    """The description declared only the success status; clients (and the fuzz test) saw 401, 403, 404, 422
    and 429 as undocumented."""
    paths: dict[str, dict[str, Any]] = Client().get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"401", "403", "422", "429"} <= declared, (method, path, declared)
            if "{" in path or method == "post":
                assert "404" in declared, (method, path)
            if method in ("post", "patch", "put"):
                assert "400" in declared, (method, path)


@pytest.mark.parametrize(
    "body",
    [
        [None, None],  # was a 200 that changed nothing: ninja's Schema read the attributes of a list
        '"x"',  # a JSON string
        {"is_spokesperson": 0},  # was accepted: pydantic's lax mode took 0 for False
        {"is_active": "no"},
        {"full_name": 5},
    ],
)
def test_a_body_is_taken_as_its_description_says(client: Client, so_y_te: Organisation, body: Any) -> None:
    person = PersonFactory(organisation=so_y_te, is_spokesperson=True)
    response = client.patch(f"/api/people/{person.pk}", data=body, content_type="application/json")
    assert response.status_code == 422, response.content
    person.refresh_from_db()
    assert person.is_spokesperson is True
    created = {"full_name": "Phạm Văn Chặt", "organisation_id": str(so_y_te.pk)}  # an id as text: not an integer
    assert client.post("/api/people", data=created, content_type="application/json").status_code == 422
