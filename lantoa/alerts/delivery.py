"""Email and webhook delivery of matches: held during a rule's quiet hours, batched hourly for low priority,
retried each tick on failure (up to ``MAX_ATTEMPTS``). In-app notifications are created with the match itself."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.alerts.models import AlertMatch, AlertRule, Priority
from lantoa.core.http import FetchError, post_json

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_INTERVAL = timedelta(hours=1)
# Matches older than this are not sent by email/webhook any more (e.g. a channel switched on later, or a worker
# that was down for days): a stale alert is noise; they stay listed in the app.
STALE_AFTER = timedelta(days=2)


@dataclass
class DeliveryCounts:
    emails: int = 0
    webhooks: int = 0
    failed: int = 0
    held: int = 0  # quiet hours, or a low-priority batch not yet due


def in_quiet_hours(rule: AlertRule, now: datetime) -> bool:
    start, end = rule.quiet_start, rule.quiet_end
    if start is None or end is None or start == end:
        return False
    moment: time = timezone.localtime(now).time()
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # across midnight, e.g. 22:00–06:00


def match_url(match: AlertMatch) -> str:
    if match.story_id is not None:
        return settings.SITE_URL.rstrip("/") + reverse("monitoring:story_detail", args=[match.story_id])
    return settings.SITE_URL.rstrip("/") + reverse("alerts:notification_list")


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


def _email(rule: AlertRule, matches: Sequence[AlertMatch]) -> EmailMessage:
    if len(matches) == 1:
        subject = _("[Lantoa] Cảnh báo “%(rule)s”: %(title)s") % {"rule": rule.name, "title": matches[0].title}
    else:
        subject = ngettext(
            "[Lantoa] Cảnh báo “%(rule)s”: %(count)d tin mới",
            "[Lantoa] Cảnh báo “%(rule)s”: %(count)d tin mới",
            len(matches),
        ) % {"rule": rule.name, "count": len(matches)}
    lines = []
    for match in matches:
        lines += [f"- {match.title}", f"  {_when(match.matched_at)} · {match_url(match)}"]
        if match.summary:
            lines.append(f"  {match.summary}")
    lines += ["", _("Quy tắc cảnh báo: %(rule)s") % {"rule": rule.name}]
    subject = " ".join(subject.split())[:250]  # no line breaks in a header, whatever the title holds
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, rule.recipients())


def _payload(rule: AlertRule, matches: Sequence[AlertMatch]) -> dict[str, object]:
    entries = [
        {"title": m.title, "summary": m.summary, "url": match_url(m), "matched_at": m.matched_at.isoformat(),
         "story_id": m.story_id}
        for m in matches
    ]  # fmt: skip
    text = "\n".join(f"{m.title} {match_url(m)}" for m in matches)
    return {"rule": {"id": rule.pk, "name": rule.name, "priority": rule.priority}, "matches": entries, "text": text}


def _failed(matches: Sequence[AlertMatch], error: str, counts: DeliveryCounts) -> None:
    counts.failed += 1
    for match in matches:
        match.attempts += 1
        match.last_error = error[:1000]
        match.gave_up = match.attempts >= MAX_ATTEMPTS
        match.save(update_fields=["attempts", "last_error", "gave_up"])


def _send(
    rule: AlertRule, matches: Sequence[AlertMatch], now: datetime, counts: DeliveryCounts, connection: BaseEmailBackend
) -> None:
    if rule.notify_email and rule.recipients():
        unsent = [m for m in matches if m.email_sent_at is None]
        if unsent:
            try:
                message = _email(rule, unsent)
                message.connection = connection
                message.send(fail_silently=False)
            except OSError as exc:  # smtplib's errors are OSErrors, as are refused and timed-out connections
                logger.warning("alert %s: email failed: %s", rule.pk, exc)
                _failed(unsent, f"email: {exc}", counts)
            else:
                AlertMatch.objects.filter(pk__in=[m.pk for m in unsent]).update(email_sent_at=now)
                for match in unsent:
                    match.email_sent_at = now
                counts.emails += 1
    if rule.notify_webhook and rule.webhook_url:
        unsent = [m for m in matches if m.webhook_sent_at is None and not m.gave_up]
        if unsent:
            try:
                answer = post_json(rule.webhook_url, _payload(rule, unsent))
                if not answer.ok:
                    raise FetchError(f"HTTP {answer.status}")
            except FetchError as exc:
                logger.warning("alert %s: webhook failed: %s", rule.pk, exc)
                _failed(unsent, f"webhook: {exc}", counts)
            else:
                AlertMatch.objects.filter(pk__in=[m.pk for m in unsent]).update(webhook_sent_at=now)
                counts.webhooks += 1


def pending_matches(now: datetime) -> list[AlertMatch]:
    waiting = Q(rule__notify_email=True, email_sent_at__isnull=True) | Q(
        rule__notify_webhook=True, webhook_sent_at__isnull=True
    )
    since = now - STALE_AFTER
    pending = AlertMatch.objects.filter(waiting, gave_up=False, rule__is_active=True, matched_at__gte=since)
    return list(pending.select_related("rule", "rule__owner").order_by("matched_at", "id"))


def deliver_pending(now: datetime | None = None) -> DeliveryCounts:
    now = now or timezone.now()
    counts = DeliveryCounts()
    by_rule: dict[int, list[AlertMatch]] = defaultdict(list)
    rules: dict[int, AlertRule] = {}
    for match in pending_matches(now):
        by_rule[match.rule_id].append(match)
        rules[match.rule_id] = match.rule
    if not by_rule:
        return counts
    connection = get_connection(fail_silently=False)
    for rule_id, matches in by_rule.items():
        rule = rules[rule_id]
        if in_quiet_hours(rule, now):
            counts.held += len(matches)
            continue
        if rule.priority == Priority.LOW:
            if rule.last_batch_at is not None and now - rule.last_batch_at < BATCH_INTERVAL:
                counts.held += len(matches)
                continue
            _send(rule, matches, now, counts, connection)
            AlertRule.objects.filter(pk=rule.pk).update(last_batch_at=now)
        else:
            for match in matches:
                _send(rule, [match], now, counts, connection)
    connection.close()
    return counts
