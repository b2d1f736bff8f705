"""Daily reminders before the deadlines, and the daily escalation of overdue requests.

- Before each deadline (internal and legal) the organisation's people are reminded when ``PRESS_REMINDER_WORKING_DAYS``
  working days are left (default 3, then 1): e-mail and an in-app notification. A request nobody has routed yet goes
  to the press office instead. Each reminder is sent once (``PressReminder``); a task that missed a day catches up
  with the most urgent reminder only.
- Past the legal deadline (Press Law art. 43: 30 days) the request is reported once a day to the press office and to
  the leaders: one message per person listing that day's overdue requests.
Mail failures are logged and counted; the in-app notifications and the records stay (tomorrow's run is a new day).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.alerts.models import Notification
from lantoa.core import calendar
from lantoa.press.models import OPEN_STATUSES, EventAction, PressReminder, PressRequest, PressRequestEvent

logger = logging.getLogger(__name__)


def reminder_days() -> tuple[int, ...]:
    days = getattr(settings, "PRESS_REMINDER_WORKING_DAYS", (3, 1))
    return tuple(sorted({int(day) for day in days}, reverse=True))


def working_days_before(day: date, count: int) -> date:
    """The ``count``-th working day before ``day`` (``day`` itself for 0)."""
    for _step in range(count):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


@dataclass
class ReminderRun:
    reminders: int = 0
    escalated: int = 0
    emails: int = 0
    notifications: int = 0
    failed: int = 0


@dataclass
class _Message:
    user: User
    subject: str
    lines: list[str]


def request_url(request: PressRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("press:detail", args=[request.pk])


def _users_with_roles(*roles: Role) -> list[User]:
    users = User.objects.filter(is_active=True, groups__name__in=[role.value for role in roles]).distinct()
    return list(users.order_by("id"))


def _organisation_users(organisation_id: int) -> list[User]:
    users = User.objects.filter(
        is_active=True,
        organisation_id=organisation_id,
        groups__name__in=[Role.AGENCY_OFFICER.value, Role.SPOKESPERSON.value],
    )
    return list(users.distinct().order_by("id"))


def _due_reminder(request: PressRequest, which: str, deadline: date, today: date) -> tuple[int, list[str]] | None:
    """(working days left, kinds to record) when a reminder before ``deadline`` is due today and not sent yet."""
    if today > deadline:
        return None
    reached = [count for count in reminder_days() if today >= working_days_before(deadline, count)]
    if not reached:
        return None
    sent = {reminder.kind for reminder in request.reminders.all() if reminder.day == deadline}
    fresh = [f"{which}-{count}" for count in reached if f"{which}-{count}" not in sent]
    if not fresh:
        return None
    return min(reached), fresh


def _deadline_line(request: PressRequest) -> str:
    return _("Hạn nội bộ: %(internal)s · Hạn theo Luật Báo chí: %(legal)s") % {
        "internal": f"{request.internal_deadline:%d/%m/%Y}",
        "legal": f"{request.legal_deadline:%d/%m/%Y}",
    }


def _title(request: PressRequest) -> str:
    return f"{request.reference} — {request.outlet.name}: {' '.join(request.issue.split())[:120]}"


def send_reminders(now: datetime | None = None) -> ReminderRun:
    """Run by the daily task (07:30); ``now`` for tests."""
    moment = timezone.localtime(now or timezone.now())
    today = moment.date()
    run = ReminderRun()
    messages: list[_Message] = []
    open_requests = list(
        PressRequest.objects.filter(status__in=OPEN_STATUSES)
        .select_related("outlet", "organisation", "story")
        .prefetch_related("reminders")
        .order_by("legal_deadline", "id")
    )
    press_office = _users_with_roles(Role.PRESS_OFFICER, Role.ADMINISTRATOR)
    overdue: list[PressRequest] = []
    with transaction.atomic():
        for request in open_requests:
            if today > request.legal_deadline:
                _reminder, created = PressReminder.objects.get_or_create(request=request, kind="overdue", day=today)
                if created:
                    overdue.append(request)
                continue
            for which, deadline, label in (
                ("legal", request.legal_deadline, _("hạn trả lời theo Luật Báo chí")),
                ("internal", request.internal_deadline, _("hạn nội bộ")),
            ):
                due = _due_reminder(request, which, deadline, today)
                if due is None:
                    continue
                left, kinds = due
                recipients = _organisation_users(request.organisation_id) if request.organisation_id else press_office
                for kind in kinds:
                    PressReminder.objects.create(request=request, kind=kind, day=deadline, recipients=len(recipients))
                subject = _("[Lantoa] Nhắc hạn trả lời báo chí: còn %(n)d ngày làm việc đến %(label)s (%(day)s)") % {
                    "n": left, "label": label, "day": f"{deadline:%d/%m/%Y}",
                }  # fmt: skip
                lines = [_title(request), _deadline_line(request), request_url(request)]
                if request.organisation_id is None:
                    lines.insert(1, _("Yêu cầu chưa được giao cơ quan chủ trì."))
                messages += [_Message(user, subject, lines) for user in recipients]
                PressRequestEvent.objects.create(
                    request=request, action=EventAction.REMIND, actor_label=_("Hệ thống"),
                    note=_("Nhắc %(label)s, gửi %(n)d người.") % {"label": label, "n": len(recipients)},
                )  # fmt: skip
                run.reminders += 1
                break  # one reminder per request per day: the legal one wins when both are due
        if overdue:
            run.escalated = len(overdue)
            recipients = _users_with_roles(Role.PRESS_OFFICER, Role.ADMINISTRATOR, Role.LEADER)
            subject = _("[Lantoa] %(n)d yêu cầu trả lời báo chí quá hạn luật định") % {"n": len(overdue)}
            lines = []
            for request in overdue:
                late = (today - request.legal_deadline).days
                lines += [
                    _title(request),
                    _("  Cơ quan chủ trì: %(org)s · hạn %(day)s · quá %(late)d ngày")
                    % {
                        "org": request.organisation.name if request.organisation else _("chưa giao"),
                        "day": f"{request.legal_deadline:%d/%m/%Y}",
                        "late": late,
                    },
                    "  " + request_url(request),
                ]
                PressRequestEvent.objects.create(
                    request=request, action=EventAction.ESCALATE, actor_label=_("Hệ thống"),
                    note=_("Quá hạn %(late)d ngày; đã báo Sở VHTTDL và lãnh đạo.") % {"late": late},
                )  # fmt: skip
            messages += [_Message(user, subject, lines) for user in recipients]
        notes = [
            Notification(user=m.user, title=m.subject.removeprefix("[Lantoa] ")[:500], body="\n".join(m.lines))
            for m in messages
        ]
        Notification.objects.bulk_create(notes)
        run.notifications = len(notes)
    run.emails, run.failed = _mail(messages)
    logger.info("press reminders %s: %s", today, run)
    return run


def _mail(messages: list[_Message]) -> tuple[int, int]:
    """One message per person (no list of colleagues' addresses); returns (sent, failed)."""
    by_address: dict[str, list[_Message]] = defaultdict(list)
    for message in messages:
        if message.user.email:
            by_address[message.user.email].append(message)
    if not by_address:
        return 0, 0
    sent = failed = 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except OSError as exc:
        logger.warning("press reminders: cannot reach the mail server: %s", exc)
        return 0, sum(len(group) for group in by_address.values())
    try:
        for address, group in by_address.items():
            for message in group:
                subject = " ".join(message.subject.split())[:250]
                mail = EmailMessage(subject, "\n".join(message.lines), settings.DEFAULT_FROM_EMAIL, [address])
                mail.connection = connection
                try:
                    mail.send(fail_silently=False)
                    sent += 1
                except OSError as exc:  # smtplib's errors are OSErrors
                    logger.warning("press reminder to %s failed: %s", address, exc)
                    failed += 1
    finally:
        connection.close()
    return sent, failed
