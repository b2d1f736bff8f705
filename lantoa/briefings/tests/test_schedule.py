"""Press conferences per quarter (Decree 09 art. 5: at least one every 3 months) and urgent statements."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.briefings import schedule, services
from lantoa.briefings.models import BriefingKind, BriefingStatus, UrgentStatement
from lantoa.briefings.tests.helpers import make_briefing
from lantoa.org.models import Organisation
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL)  # type: ignore[misc]


def conference(when: datetime, status: str = BriefingStatus.HELD, **values: Any) -> None:
    make_briefing(starts_at=when, kind=BriefingKind.CONFERENCE, status=status, title="Họp báo định kỳ", **values)


def test_quarters_held_due_overdue_in_local_time(so_y_te: Organisation) -> None:
    conference(at(2026, 3, 31, 23, 30))  # Q1, although 16:30 UTC
    conference(at(2026, 4, 1, 0, 30))  # Q2, although 31/03 17:30 UTC
    conference(at(2026, 8, 20, 9, 0), status=BriefingStatus.SCHEDULED)  # Q3, not yet held
    conference(at(2026, 7, 2, 9, 0), status=BriefingStatus.CANCELLED)  # does not count
    conference(at(2026, 7, 3, 9, 0), host=so_y_te)  # a department's press conference: not the province's
    quarters = schedule.quarters(2026, now=at(2026, 8, 15, 10, 0))
    assert [q.state for q in quarters] == ["held", "held", "due", "upcoming"]
    assert [len(q.held) for q in quarters] == [1, 1, 0, 0]
    assert [len(q.scheduled) for q in quarters] == [0, 0, 1, 0]
    assert quarters[1].start == at(2026, 4, 1) and quarters[3].end == at(2027, 1, 1)
    assert quarters[1].label == "Quý II/2026"
    later = schedule.quarters(2026, now=at(2027, 1, 1, 0, 0))
    assert [q.state for q in later] == ["held", "held", "overdue", "overdue"]
    assert [q.state for q in schedule.quarters(2025, now=at(2026, 8, 15))] == ["overdue"] * 4


def test_the_quarters_page(leader: User) -> None:
    conference(timezone.now() - timedelta(days=1))
    response = client_for(leader).get(reverse("briefings:conferences"), {"nam": "abc"})
    assert response.status_code == 200 and response.context["year"] == timezone.localdate().year
    assert 'data-state="held"' in response.content.decode()


def test_urgent_statement_elapsed_time_and_target(so_y_te: Organisation, settings: Any) -> None:
    now = timezone.now()
    made = services.do_record_statement(
        None, {"title": "Sạt lở tại xã X", "organisation": so_y_te, "event_at": now - timedelta(hours=30),
               "statement_at": now - timedelta(hours=3, minutes=55), "form": "release"},
    )  # fmt: skip
    assert made.elapsed() == timedelta(hours=26, minutes=5)
    assert services.elapsed_text(made.elapsed()) == "26 giờ 05 phút"
    assert services.statement_state(made) == "late"
    settings.BRIEFINGS_URGENT_STATEMENT_HOURS = 36
    assert services.statement_state(made) == "on_time"
    waiting = UrgentStatement(title="Cháy chợ", organisation=so_y_te, event_at=now - timedelta(hours=10))
    assert services.statement_state(waiting, now) == "waiting"
    settings.BRIEFINGS_URGENT_STATEMENT_HOURS = 8
    assert services.statement_state(waiting, now) == "overdue"
    with pytest.raises(ValidationError):
        services.do_update_statement(None, made, {"statement_at": now - timedelta(hours=31)})


def test_statement_pages_per_persona(
    press_officer: User, agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    office = client_for(press_officer)
    event = timezone.localtime(timezone.now() - timedelta(hours=5)).replace(second=0, microsecond=0)
    created = office.post(reverse("briefings:statement_create"), {
        "title": "Ngộ độc thực phẩm <script>", "organisation": so_y_te.pk, "event_at": event.strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    assert created.status_code == 302, created.context["form"].errors
    services.do_record_statement(None, {"title": "Khác", "organisation": so_tu_phap, "event_at": event})
    listing = office.get(reverse("briefings:statements"))
    body = listing.content.decode()
    assert "Ngộ độc thực phẩm &lt;script&gt;" in body and "5 giờ 00 phút" in body and 'data-state="waiting"' in body
    own = client_for(agency_officer).get(reverse("briefings:statements"))
    assert [row[0].title for row in own.context["rows"]] == ["Ngộ độc thực phẩm <script>"]
    assert client_for(agency_officer).get(reverse("briefings:statement_create")).status_code == 403
