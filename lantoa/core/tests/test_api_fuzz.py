"""Fuzzing the REST API from its own OpenAPI description (/api/openapi.json) with schemathesis.

Every operation gets generated requests, valid and invalid (wrong types, out-of-range numbers, huge and odd strings,
missing and extra fields, junk credentials), in two roles: with an administrator's bearer token, and without valid
credentials. What must hold (doc/security.md, "API fuzzing"):

- never a 5xx;
- every answer is one the description declares: status code, content type, body schema, headers;
- requests the description forbids are refused (4xx), and a token's operation refused without it;
- without valid credentials, never a 2xx.

Requests the description allows may still be refused by rules it cannot express (an e-mail address Django's
validator rejects, another organisation's person): so ``positive_data_acceptance`` is left out.

The schema is loaded from the app in-process (WSGI), at collection; each operation is one test item.
``LANTOA_API_FUZZ_EXAMPLES`` raises the number of generated requests per operation (e.g. before a release).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lantoa.accounts.models import ApiToken, User, hash_token
from lantoa.org.models import Organisation, Person
from lantoa.testing.factories import PersonFactory
from lantoa.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Two copies of the description: the first carries the administrator's token (below), the second no credentials.
with_token = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
without_credentials = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
FUZZ = hypothesis_settings(
    max_examples=int(os.environ.get("LANTOA_API_FUZZ_EXAMPLES", "40")),
    deadline=None,  # a slow answer is not a failure, a wrong one is
    database=None,  # no example database in the working tree: a failure prints the request to reproduce it
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
EXCLUDED = [positive_data_acceptance]
# A fixed token, stored for the administrator by the fixture: schemathesis builds its coverage cases at collection,
# before any test has a database to create a token in.
TOKEN = "lt_fuzz-" + "x" * 40  # exists only in the test database


@with_token.auth(refresh_interval=None)
class AdministratorToken:
    """Through schemathesis's auth hook, not a fixed header: a case that tests a missing or malformed Authorization
    header keeps it missing or malformed (and must get 401), and the ``ignored_auth`` check knows what was sent."""

    def get(self, case: Any, context: Any) -> str:
        return TOKEN

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(autouse=True)
def one_connection() -> Iterator[None]:
    """The app is called as WSGI, not through Django's test client, which is what usually stops the end of each
    request from closing the database connection (and with it, on PostgreSQL, the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(settings: Any, admin_user: User) -> dict[str, list[int]]:
    """The token, and objects for the generated requests to find (ids are mostly small numbers, and these are too)."""
    # The limits would turn most of these requests into 429s; they have their own test (test_api_rate_limit.py).
    settings.API_RATE_ANON = settings.API_RATE_USER = (100_000, 60)
    ApiToken.objects.create(user=admin_user, name="fuzz", prefix=TOKEN[:10], key_hash=hash_token(TOKEN))
    people = PersonFactory.create_batch(5, organisation=Organisation.objects.get(code="so-y-te"))
    return {
        "person_id": [person.pk for person in people],
        "organisation_id": list(Organisation.objects.values_list("pk", flat=True)[:20]),
    }


def aim_at_known_objects(case: Any, known: dict[str, list[int]]) -> None:
    """Half the valid requests get a path id of an existing object, so that reads and updates pass the lookup: an
    even id picks one of them (the choice comes from the generated data, so a failure still replays). Invalid
    requests keep their id: one made invalid on purpose stays invalid."""
    if case.meta is None or case.meta.generation.mode.is_negative or not case.path_parameters:
        return
    for name, ids in known.items():
        value = case.path_parameters.get(name)
        if isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = ids[value // 2 % len(ids)]


# No @schema.given(): schemathesis would then skip its coverage phase (boundary values, missing and extra fields).
@with_token.parametrize()
@FUZZ
def test_with_a_token(case: Any, known: dict[str, list[int]]) -> None:
    aim_at_known_objects(case, known)
    case.call_and_validate(excluded_checks=EXCLUDED)


@without_credentials.parametrize()
@FUZZ
def test_without_credentials(case: Any, known: dict[str, list[int]]) -> None:
    aim_at_known_objects(case, known)
    # Whatever credentials were generated (none, a random bearer token or session cookie), they are not valid ones.
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    assert not 200 <= response.status_code < 300, (case.as_curl_command(), response.status_code)
    name = case.body.get("full_name") if isinstance(case.body, dict) else None
    if isinstance(name, str) and "\x00" not in name:  # PostgreSQL cannot even be asked about a NUL
        assert not Person.objects.filter(full_name=name).exists(), "written without credentials"
