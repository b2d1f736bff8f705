"""Every parameterless page × every persona: the status each gets, against a reviewed table.

The table (``data/authorization-matrix.json``) is the platform's access policy in one place: a change of roles or
views shows up as a diff of it, to be reviewed like code (regenerate with ``LANTOA_UPDATE_MATRIX=1``). Beyond the
table, rules that must always hold: no page answers 500, an anonymous visitor gets a non-public page only as a
redirect to the login page, and a logged-in user without a role sees no data page. Object-level scoping (an agency
sees its own requests, cases, orders…) is tested in each app with two organisations.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.testing.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db
TABLE = Path(__file__).parent / "data" / "authorization-matrix.json"
PUBLIC_PREFIXES = ("/cong-khai/", "/gop-y/", "/healthz", "/dang-nhap/", "/api/docs", "/api/openapi.json")
# Pages a logged-in user without a role may open: the notice on the home page, their own account.
ROLELESS_ALLOWED = ("/", "/tai-khoan/")
PERSONAS = ("anonymous", "outsider", "agency_officer_a", "agency_officer_b", "spokesperson_a", "press_officer",
            "leader", "admin")  # fmt: skip


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + route)
        elif "<" not in route and "(?P" not in route and "^" not in route:
            yield "/" + prefix + route


def pages() -> list[str]:
    skipped = ("/quan-tri/", "/dang-xuat/", "/ngon-ngu/", "/favicon.ico")
    roots = {"/api/"}  # the API router itself is no page
    return sorted({path for path in _walk(get_resolver().url_patterns) if not path.startswith(skipped)} - roots)


def clients() -> dict[str, Client]:
    people: dict[str, User | None] = {
        "anonymous": None,
        "outsider": make_user("m_outsider", []),
        "agency_officer_a": make_user("m_agency_a", [Role.AGENCY_OFFICER], "so-y-te"),
        "agency_officer_b": make_user("m_agency_b", [Role.AGENCY_OFFICER], "so-tu-phap"),
        "spokesperson_a": make_user("m_spokes_a", [Role.SPOKESPERSON], "so-y-te"),
        "press_officer": make_user("m_press", [Role.PRESS_OFFICER], "so-van-hoa-the-thao-du-lich"),
        "leader": make_user("m_leader", [Role.LEADER]),
        "admin": make_user("m_admin", [Role.ADMINISTRATOR]),
    }
    return {name: Client() if user is None else client_for(user) for name, user in people.items()}


def test_every_page_answers_every_persona_as_the_table_says() -> None:
    found: dict[str, dict[str, int]] = {}
    for name, client in clients().items():
        for path in pages():
            response = client.get(path)
            found.setdefault(path, {})[name] = response.status_code
            assert response.status_code < 500, (path, name)
            public = path.startswith(PUBLIC_PREFIXES)
            if name == "anonymous" and not public:
                assert response.status_code in (302, 401, 405), (path, response.status_code)
                if response.status_code == 302:
                    assert "/dang-nhap/" in response["Location"], (path, response["Location"])
            if name == "outsider" and not public and not path.startswith(ROLELESS_ALLOWED[1]) and path != "/":
                assert response.status_code in (401, 403, 405), (path, response.status_code)
    if os.environ.get("LANTOA_UPDATE_MATRIX"):
        TABLE.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(TABLE.read_text(encoding="utf-8"))
    differences = {
        path: {name: (expected.get(path, {}).get(name), status) for name, status in row.items()
               if expected.get(path, {}).get(name) != status}
        for path, row in found.items()
    }  # fmt: skip
    differences = {path: diff for path, diff in differences.items() if diff}
    assert not differences, f"statuses changed (expected, now): {differences}"
    assert sorted(expected) == sorted(found), "pages added or removed: regenerate and review the table"
