"""Reminders before the deadlines (to the assigned organisation) and the daily escalation of overdue requests (to
the press office and the leaders), through a real SMTP server; "now" is passed in."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lantoa.accounts.models import User
from lantoa.alerts.models import Notification
from lantoa.org.models import Organisation, Outlet
from lantoa.press import reminders, services
from lantoa.press.models import EventAction, PressReminder
from lantoa.press.tests.conftest import open_request
from lantoa.testing.smtp import Mailbox

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, 30, tzinfo=HCM)


def addresses(mailbox: Mailbox) -> list[str]:
    return sorted(address for received in mailbox.messages for address in received.recipients)


def test_working_days_before() -> None:
    assert reminders.working_days_before(date(2026, 4, 6), 1) == date(2026, 4, 3)  # Monday → Friday
    assert reminders.working_days_before(date(2026, 2, 23), 1) == date(2026, 2, 13)  # back over Tết
    assert reminders.working_days_before(date(2026, 4, 1), 3) == date(2026, 3, 27)


def test_reminders_before_the_internal_and_legal_deadlines_reach_the_organisation_once(
    smtp_server: Mailbox, press_officer: User, agency_officer: User, spokesperson_user: User,
    so_y_te: Organisation, outlet: Outlet,
) -> None:  # fmt: skip
    agency_officer.email, spokesperson_user.email = "canbo@syt.example.vn", "phatngon@syt.example.vn"
    agency_officer.save()
    spokesperson_user.save()
    # Received Monday 02/03/2026: internal deadline Monday 16/03, legal Wednesday 01/04.
    request = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)
    assert (request.internal_deadline, request.legal_deadline) == (date(2026, 3, 16), date(2026, 4, 1))

    assert reminders.send_reminders(at(date(2026, 3, 10))).reminders == 0  # 4 working days before: nothing yet
    run = reminders.send_reminders(at(date(2026, 3, 11)))  # 3 working days before the internal deadline
    assert (run.reminders, run.emails, run.notifications) == (1, 2, 2)
    assert addresses(smtp_server) == ["canbo@syt.example.vn", "phatngon@syt.example.vn"]
    message = smtp_server.messages[0].message
    assert "còn 3 ngày làm việc đến hạn nội bộ (16/03/2026)" in str(message["subject"])
    assert f"/tra-loi-bao-chi/{request.pk}/" in message.get_content()
    assert reminders.send_reminders(at(date(2026, 3, 11))).reminders == 0  # the same day again: nothing twice
    assert reminders.send_reminders(at(date(2026, 3, 12))).reminders == 0
    assert reminders.send_reminders(at(date(2026, 3, 13))).reminders == 1  # 1 working day before (Friday)
    # Legal deadline 01/04: 3 working days before is 27/03.
    assert reminders.send_reminders(at(date(2026, 3, 27))).reminders == 1
    assert "hạn trả lời theo Luật Báo chí (01/04/2026)" in str(smtp_server.messages[-1].message["subject"])
    assert set(PressReminder.objects.values_list("kind", flat=True)) == {"internal-3", "internal-1", "legal-3"}
    assert Notification.objects.filter(user=agency_officer).count() == 3
    assert request.events.filter(action=EventAction.REMIND).count() == 3


def test_a_missed_day_catches_up_with_the_most_urgent_reminder_only(
    smtp_server: Mailbox, press_officer: User, outlet: Outlet
) -> None:
    press_officer.email = "baochi@svhttdl.example.vn"
    press_officer.save()
    open_request(press_officer, outlet)  # not assigned: the press office is reminded
    run = reminders.send_reminders(at(date(2026, 3, 16)))  # internal deadline day: 1 and 3 both reached
    assert run.reminders == 1 and len(smtp_server.messages) == 1
    assert "còn 1 ngày làm việc" in str(smtp_server.messages[0].message["subject"])
    assert "chưa được giao cơ quan chủ trì" in smtp_server.messages[0].message.get_content()


def test_overdue_requests_escalate_once_a_day_to_the_press_office_and_leaders(
    smtp_server: Mailbox, press_officer: User, leader: User, agency_officer: User, so_y_te: Organisation,
    outlet: Outlet,
) -> None:  # fmt: skip
    press_officer.email, leader.email, agency_officer.email = "bc@example.vn", "ld@example.vn", "cb@example.vn"
    for user in (press_officer, leader, agency_officer):
        user.save()
    late = services.do_assign(press_officer, open_request(press_officer, outlet), so_y_te)  # legal 01/04/2026
    open_request(press_officer, outlet, received_on=date(2026, 3, 20))  # legal 20/04/2026: not late on 02/04
    run = reminders.send_reminders(at(date(2026, 4, 2)))
    assert run.escalated == 1
    escalations = [m for m in smtp_server.messages if "quá hạn" in str(m.message["subject"])]
    assert sorted(a for m in escalations for a in m.recipients) == ["bc@example.vn", "ld@example.vn"]
    body = escalations[0].message.get_content()
    assert late.reference in body and "quá 1 ngày" in body and so_y_te.name in body
    assert reminders.send_reminders(at(date(2026, 4, 2))).escalated == 0  # once per day
    assert reminders.send_reminders(at(date(2026, 4, 3))).escalated == 1  # and again the next day
    assert Notification.objects.filter(user=leader, title__contains="quá hạn").count() == 2
    summary = services.overdue_summary(leader, today=date(2026, 4, 3))
    assert (summary["visible"], summary["open"], summary["overdue"]) == (True, 2, 1)
    assert summary["oldest"] == [late]


def test_mail_failure_keeps_the_notifications(settings: object, press_officer: User, outlet: Outlet) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # type: ignore[attr-defined]  # nothing listens
    press_officer.email = "bc@example.vn"
    press_officer.save()
    open_request(press_officer, outlet)
    run = reminders.send_reminders(at(date(2026, 4, 2)))
    assert (run.escalated, run.emails, run.failed) == (1, 0, 1)
    assert Notification.objects.filter(user=press_officer).count() == 1


def test_overdue_summary_is_scoped(
    press_officer: User, agency_officer: User, outsider: User, so_tu_phap: Organisation, outlet: Outlet
) -> None:
    services.do_assign(press_officer, open_request(press_officer, outlet), so_tu_phap)
    assert services.overdue_summary(press_officer, today=date(2026, 5, 1))["overdue"] == 1
    assert services.overdue_summary(agency_officer, today=date(2026, 5, 1))["overdue"] == 0
    assert services.overdue_summary(outsider, today=date(2026, 5, 1))["visible"] is False
