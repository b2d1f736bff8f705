"""The attendance matrix: organisations × months from the held monthly briefings' participants."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.briefings import attendance, services
from lantoa.briefings.models import BriefingKind, BriefingStatus
from lantoa.briefings.tests.helpers import make_briefing
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE_ESCAPED, OrganisationFactory, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


def held(month: int, organisations: list[Organisation], day: int = 10, **values: object) -> None:
    starts_at = datetime(2026, month, day, 8, 30, tzinfo=timezone.get_current_timezone())
    briefing = make_briefing(starts_at, **values)
    services.do_update_briefing(None, briefing, {"status": values.get("status", BriefingStatus.HELD)}, organisations)


def test_the_matrix_marks_present_absent_and_months_without_a_briefing(
    so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    guest = OrganisationFactory(kind="mass")  # not a department: listed because it took part
    held(1, [so_y_te, so_tu_phap])
    held(2, [so_y_te, guest])
    held(2, [so_tu_phap], day=24)  # two briefings in a month: present at either counts
    held(3, [so_y_te], status=BriefingStatus.CANCELLED)  # cancelled: says nothing
    held(4, [so_tu_phap], kind=BriefingKind.CONFERENCE)  # a press conference is not the monthly briefing
    found = attendance.matrix(2026)
    assert found.months_held == [True, True] + [False] * 10
    rows = {row.organisation.code: row for row in found.rows}
    assert rows["so-y-te"].cells[:4] == ["present", "present", "", ""]
    assert rows["so-tu-phap"].cells[:4] == ["present", "present", "", ""]
    assert rows[guest.code].cells[:2] == ["absent", "present"]
    other = next(code for code in rows if code.startswith("so-") and code not in ("so-y-te", "so-tu-phap"))
    assert rows[other].cells[:2] == ["absent", "absent"] and (rows[other].attended, rows[other].held) == (0, 2)
    assert attendance.matrix(2025).months_held == [False] * 12


def test_the_page_escapes_and_keeps_its_queries(leader: User, so_y_te: Organisation) -> None:
    guest = OrganisationFactory(kind="mass")
    held(1, [so_y_te, guest])
    client = client_for(leader)
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse("briefings:attendance") + "?nam=2026")
    page = response.content.decode()
    assert response.status_code == 200 and ESCAPED in page and not unescaped(page)
    assert f'data-organisation="{so_y_te.code}"' in page
    for month in range(2, 8):
        held(month, [so_y_te, OrganisationFactory(kind="mass")])
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("briefings:attendance") + "?nam=2026")
    assert len(second) == len(first) <= 10


def test_outsiders_are_refused(outsider: User) -> None:
    assert client_for(outsider).get(reverse("briefings:attendance")).status_code == 403
