"""Reminders of overdue occurrences: by e-mail to the organisation's people, at most once per occurrence in 3 days;
the 08:00 periodic task and the press office's button."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.plans import reminders
from lantoa.plans.models import Occurrence, Plan, Status
from lantoa.plans.services import do_report
from lantoa.plans.tasks import remind_late
from lantoa.plans.tests.conftest import occurrence_of
from lantoa.testing.fixtures import client_for
from lantoa.testing.smtp import Mailbox

TODAY = date(2026, 4, 1)  # the January–March monthly reports (due 20th) and the Q1 reports (16/03) are overdue


def test_overdue_occurrences_are_mailed_once_per_three_days(
    small_plan: Plan, agency_officer: User, spokesperson_user: User, smtp_server: Mailbox
) -> None:
    User.objects.filter(pk=agency_officer.pk).update(email="can-bo@syt.example.gov.vn")
    User.objects.filter(pk=spokesperson_user.pk).update(email="phat-ngon@syt.example.gov.vn")
    do_report(agency_officer, occurrence_of("so-y-te", "II.1.1", 2), status="done", text="Xong", figures={})
    run = reminders.send_reminders(None, today=TODAY)
    # Only Sở Y tế has people with an address; the others are not marked reminded (tried again next run).
    assert (run.organisations, run.occurrences, run.emails) == (1, 2, 2)
    assert sorted(r for message in smtp_server.messages for r in message.recipients) == [
        "can-bo@syt.example.gov.vn", "phat-ngon@syt.example.gov.vn"]  # fmt: skip
    message = smtp_server.messages[0].message
    assert "Sở Y tế" in message["Subject"] or "SYT" in message["Subject"]
    text = message.get_content()
    assert "Tháng 1/2026" in text and "Tháng 3/2026" in text and "Tháng 2/2026" not in text  # February is done
    assert "hạn 20/01/2026" in text and "/ke-hoach/cua-don-vi/" in text
    january = occurrence_of("so-y-te", "II.1.1", 1)
    assert january.reminder_count == 1 and january.last_reminded_at is not None
    assert occurrence_of("so-tu-phap", "II.1.1", 1).last_reminded_at is None

    assert reminders.send_reminders(None, today=TODAY).emails == 0  # at once again: nothing
    reminded = Occurrence.objects.filter(last_reminded_at__isnull=False)
    reminded.update(last_reminded_at=timezone.now() - timedelta(days=2, hours=23))
    assert reminders.send_reminders(None, today=TODAY).emails == 0  # still within three days
    reminded.update(last_reminded_at=timezone.now() - timedelta(days=3))
    again = reminders.send_reminders(None, today=TODAY)
    assert again.emails == 2 and len(smtp_server.messages) == 4
    assert occurrence_of("so-y-te", "II.1.1", 1).reminder_count == 2


def test_the_button_reminds_and_only_the_press_office_has_it(
    small_plan: Plan, agency_officer: User, press_officer: User, leader: User, smtp_server: Mailbox
) -> None:
    User.objects.filter(pk=agency_officer.pk).update(email="can-bo@syt.example.gov.vn")
    url = reverse("plans:remind", args=[2026])
    assert client_for(leader).post(url).status_code == 403
    assert client_for(agency_officer).post(url).status_code == 403
    response = client_for(press_officer).post(url, {"q": "thang=2026-03"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/ke-hoach/2026/theo-doi/?thang=2026-03")
    assert "Đã gửi 1 thư nhắc 1 đơn vị" in response.content.decode()
    assert len(smtp_server.messages) == 1
    second = client_for(press_officer).post(url, follow=True)
    assert "Không có đơn vị nào cần nhắc" in second.content.decode() and len(smtp_server.messages) == 1


def test_done_and_not_yet_due_occurrences_are_never_reminded(small_plan: Plan, agency_officer: User) -> None:
    for month in (1, 2, 3):
        do_report(agency_officer, occurrence_of("so-y-te", "II.1.1", month), status="done", text="Xong", figures={})
    due = reminders.due_for_reminder(TODAY, [occurrence_of("so-y-te", "II.1.1", 1).assignment.organisation_id])
    assert due == []
    assert all(item.status != Status.DONE and item.due_on < TODAY for item in reminders.due_for_reminder(TODAY))


def test_the_periodic_task_runs_daily_at_eight_local_time() -> None:
    # huey compares naive local wall-clock times (utc=False, D15): 08:00 in Thái Nguyên, not 08:00 UTC.
    local = timezone.get_current_timezone()
    assert str(local) == "Asia/Ho_Chi_Minh"
    task = remind_late.task_class()
    at = datetime(2026, 11, 26, 8, 0, tzinfo=local)
    assert task.validate_datetime(at.replace(tzinfo=None))
    assert not task.validate_datetime(at.replace(hour=9, tzinfo=None))
