"""Shared fixtures: reference data loaded once, and the personas every permission test uses.

Personas (like healthchecks' alice/bob/charlie): ``admin``, ``press_officer`` (Sở VHTTDL), ``agency_officer`` and
``spokesperson`` of Sở Y tế, ``leader`` (read-only) and ``outsider`` (logged in, no role).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.accounts.services import do_create_user
from lantoa.core.shared_data import shared_data_dir
from lantoa.org.models import Organisation
from lantoa.org.reference import load_reference

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 - test accounts only


@pytest.fixture(autouse=True)
def vietnamese_after_each_test() -> Iterator[None]:
    """A request in English (or translation.activate) leaves the language active in the thread; the next test
    must start in Vietnamese, the platform's language, whatever ran before it."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_rate_limits() -> Iterator[None]:
    """The API's rate-limit counters live in the cache (files in the test run's LANTOA_VAR_DIR): every test client
    is 127.0.0.1, so without this the anonymous requests of earlier tests would count against later ones."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Reference data once per session; each test runs in a transaction rolled back at its end.
    with django_db_blocker.unblock():
        load_reference(19)
    yield


@pytest.fixture
def reference(transactional_db: None) -> None:
    """For transactional tests (live server, threads): the flush between them empties the tables."""
    load_reference(19)


def make_user(username: str, roles: list[Role], organisation_code: str | None = None, **extra: Any) -> User:
    organisation = Organisation.objects.get(code=organisation_code) if organisation_code else None
    return do_create_user(
        None,
        username=username,
        password=PASSWORD,
        full_name=extra.pop("full_name", username.replace("_", " ").title()),
        organisation_id=organisation.pk if organisation else None,
        roles=roles,
        **extra,
    )


@pytest.fixture
def so_y_te(db: None) -> Organisation:
    return Organisation.objects.get(code="so-y-te")


@pytest.fixture
def so_tu_phap(db: None) -> Organisation:
    return Organisation.objects.get(code="so-tu-phap")


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("quan_tri", [Role.ADMINISTRATOR], is_superuser=False)


@pytest.fixture
def press_officer(db: None) -> User:
    return make_user("can_bo_bao_chi", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich")


@pytest.fixture
def agency_officer(db: None) -> User:
    return make_user("can_bo_so_y_te", [Role.AGENCY_OFFICER], "so-y-te")


@pytest.fixture
def spokesperson_user(db: None) -> User:
    return make_user("phat_ngon_so_y_te", [Role.SPOKESPERSON], "so-y-te")


@pytest.fixture
def leader(db: None) -> User:
    return make_user("lanh_dao", [Role.LEADER])


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("nguoi_ngoai", [])


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared datasets folder; tests that use it are skipped, with the reason, when it is absent."""
    folder = shared_data_dir()
    if not folder.is_dir():
        pytest.skip(f"shared data not found at {folder} (set LANTOA_SHARED_DATA): a fresh clone without ../shared")
    return folder
