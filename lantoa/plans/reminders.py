"""Reminding organisations of their overdue plan occurrences, by e-mail to their officers and spokesperson.

Run daily at 08:00 local time (``tasks.remind_late``) and by the press office's button on the matrix. An occurrence
is reminded at most once every ``PLANS_REMINDER_INTERVAL_DAYS`` days (default 3), whoever triggers it, so the button
pressed after the morning run sends nothing twice. One message per person lists all of their organisation's overdue
occurrences. An organisation without a reachable user is not marked reminded (the next run tries again).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm
from lantoa.accounts.roles import Role
from lantoa.audit.services import record_event
from lantoa.plans.models import Occurrence, Status

logger = logging.getLogger(__name__)


def interval() -> timedelta:
    return timedelta(days=int(getattr(settings, "PLANS_REMINDER_INTERVAL_DAYS", 3)))


@dataclass
class RemindRun:
    occurrences: int = 0
    organisations: int = 0
    emails: int = 0
    failed: int = 0


def due_for_reminder(today: date | None = None, organisation_ids: list[int] | None = None) -> list[Occurrence]:
    now = timezone.now()
    today = today or timezone.localdate(now)
    overdue = Occurrence.objects.filter(due_on__lt=today).exclude(status=Status.DONE)
    overdue = overdue.filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - interval()))
    if organisation_ids is not None:
        overdue = overdue.filter(assignment__organisation_id__in=organisation_ids)
    related = overdue.select_related("assignment__task", "assignment__organisation")
    return list(related.order_by("assignment__organisation_id", "due_on", "assignment__task__position"))


def _recipients(organisation_ids: set[int]) -> dict[int, list[User]]:
    users = User.objects.filter(
        is_active=True,
        organisation_id__in=organisation_ids,
        groups__name__in=[Role.AGENCY_OFFICER.value, Role.SPOKESPERSON.value],
    ).exclude(email="")
    found: dict[int, list[User]] = defaultdict(list)
    for user in users.distinct().order_by("id"):
        if user.organisation_id is not None:
            found[user.organisation_id].append(user)
    return found


def send_reminders(
    actor: User | None = None, *, today: date | None = None, organisation_ids: list[int] | None = None
) -> RemindRun:
    """Remind every organisation (or those given) of its overdue occurrences not reminded in the interval."""
    if actor is not None:
        require_perm(actor, "plans.change_occurrence")
    run = RemindRun()
    occurrences = due_for_reminder(today, organisation_ids)
    by_organisation: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        by_organisation[occurrence.assignment.organisation_id].append(occurrence)
    recipients = _recipients(set(by_organisation))
    url = settings.SITE_URL.rstrip("/") + reverse("plans:mine")
    connection = get_connection(fail_silently=False)
    for organisation_id, items in by_organisation.items():
        users = recipients.get(organisation_id, [])
        organisation = items[0].assignment.organisation
        lines = [
            f"- {item.assignment.task.code} {item.assignment.task.title} ({item.period_label}; "
            + _("hạn %(due)s") % {"due": f"{item.due_on:%d/%m/%Y}"} + ")"
            for item in items
        ]  # fmt: skip
        subject = _("[Lantoa] %(org)s: %(n)d nhiệm vụ kế hoạch quá hạn báo cáo") % {
            "org": organisation.short_name or organisation.name, "n": len(items),
        }  # fmt: skip
        footer = _("Báo cáo tại: %(url)s") % {"url": url}
        body = "\n".join([_("Các nhiệm vụ sau đã quá hạn báo cáo tiến độ:"), "", *lines, "", footer])
        sent = 0
        for user in users:
            try:
                sent += EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email],
                                     connection=connection).send()  # fmt: skip
            except OSError:
                logger.exception("plan reminder to %s failed", user.email)
                run.failed += 1
        if not sent:
            continue
        run.emails += sent
        run.organisations += 1
        run.occurrences += len(items)
        with transaction.atomic():
            now = timezone.now()
            for item in items:
                item.last_reminded_at, item.reminder_count = now, item.reminder_count + 1
            Occurrence.objects.bulk_update(items, ["last_reminded_at", "reminder_count"])
            record_event(actor, "plans.occurrence.remind", None, organisation=organisation,
                         summary=f"{len(items)} kỳ báo cáo, {sent} thư")  # fmt: skip
    logger.info("plan reminders: %s", run)
    return run
