"""Alert rules and notifications. ``check_*`` validates and authorises, ``do_*`` changes state and audits.

Who may do what: the role must carry the Django permission (press officers and administrators have ``alerts.*``),
and a rule must be in the user's scope: province-wide roles reach every rule, agency roles the rules of their own
organisation (and the units under it). Notifications are personal: each user reads and marks only their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import has_any_role, require_perm, require_scope, scoped_organisation_ids
from lantoa.alerts import delivery, engine
from lantoa.alerts.models import AlertMatch, AlertRule, Checkpoint, Notification, RuleKind
from lantoa.alerts.spike import Spike
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.core.http import FetchError, check_url
from lantoa.monitoring.models import Item
from lantoa.vntext.query import QueryError, parse

RULE_FIELDS = (
    "name", "organisation", "kind", "query", "unit_code", "sector", "polarity", "toxicity", "misinfo_min", "outlet",
    "relevant_only", "min_outlets", "spike_window", "spike_threshold", "spike_min_count", "notify_in_app",
    "notify_email", "email_recipients", "notify_webhook", "webhook_url", "quiet_start", "quiet_end", "priority",
    "is_active",
)  # fmt: skip
CHECKPOINT = "items"
BATCH = 2000  # items per evaluation pass; a tick runs passes until it has caught up
# How long an ingest transaction may take from stamping its items' ingested_at to committing them, plus the clock
# difference between the ingesting machine and this one. store_batch stamps just before its inserts, and writes 20
# items (polling) or 1,000 (file import) per transaction, after taking the story lock: seconds; NTP keeps clocks
# within a second. A minute is a wide margin; a wider one costs reading every item again for longer (each tick
# re-reads the items of the margin: at a million items a day, ~700 a minute, doc/scaling.md).
LATE_COMMIT_MARGIN = timedelta(minutes=1)


def visible_rules(user: User) -> QuerySet[AlertRule]:
    require_perm(user, "alerts.view_alertrule")
    rules = AlertRule.objects.all()
    scope = scoped_organisation_ids(user)
    return rules if scope is None else rules.filter(organisation_id__in=scope)


def query_error_message(error: QueryError) -> str:
    """The parser's message, translated: the msgids are the parser's own Vietnamese texts."""
    from lantoa.alerts.forms import QUERY_MESSAGES

    return str(QUERY_MESSAGES[error.code]) % error.params


def check_query(text: str) -> None:
    """A rule's text parses (empty is allowed: a rule of filters only); else a ValidationError pointing at it."""
    if text.strip():
        try:
            parse(text)
        except QueryError as exc:
            raise ValidationError(query_error_message(exc), code=exc.code) from exc


def check_rule(actor: User, values: Mapping[str, Any], rule: AlertRule | None = None) -> dict[str, Any]:
    """Authorise, then validate the rule as a whole; the values to store (the organisation forced into scope)."""
    require_perm(actor, "alerts.change_alertrule" if rule else "alerts.add_alertrule")
    if rule is not None:
        require_scope(actor, rule.organisation_id)
    cleaned = {name: value for name, value in values.items() if name in RULE_FIELDS}
    scope = scoped_organisation_ids(actor)
    if scope is not None:
        # An agency officer's rules belong to their organisation, whatever the form sent.
        cleaned["organisation"] = actor.organisation
        require_scope(actor, actor.organisation_id)
    errors: dict[str, list[str]] = {}
    kind = cleaned.get("kind", rule.kind if rule else RuleKind.ITEMS)
    query = str(cleaned.get("query", rule.query if rule else "")).strip()
    if query:
        try:
            check_query(query)
        except ValidationError as exc:
            errors.setdefault("query", []).extend(exc.messages)
    elif (
        kind == RuleKind.ITEMS
        and not any(
            cleaned.get(name) for name in ("unit_code", "sector", "polarity", "toxicity", "outlet", "misinfo_min")
        )
        and int(cleaned.get("min_outlets") or 1) <= 1
    ):
        errors.setdefault("query", []).append(_("Hãy nhập từ khóa hoặc chọn ít nhất một bộ lọc."))
    if kind == RuleKind.SPIKE and not (cleaned.get("unit_code") or cleaned.get("sector")):
        errors.setdefault("unit_code", []).append(_("Cảnh báo đột biến cần chọn một xã, phường hoặc một lĩnh vực."))
    if cleaned.get("notify_email"):
        recipients = AlertRule(email_recipients=cleaned.get("email_recipients", "")).recipients()
        if not recipients:
            errors.setdefault("email_recipients", []).append(_("Hãy nhập ít nhất một địa chỉ nhận thư."))
        for address in recipients:
            try:
                validate_email(address)
            except ValidationError:
                errors.setdefault("email_recipients", []).append(
                    _("Địa chỉ thư “%(address)s” không hợp lệ.") % {"address": address}
                )
    if cleaned.get("notify_webhook"):
        url = str(cleaned.get("webhook_url") or "")
        if not url:
            errors.setdefault("webhook_url", []).append(_("Hãy nhập địa chỉ webhook."))
        else:
            try:
                check_url(url)  # the SSRF guard now, so the officer hears at once about a private address
            except FetchError:
                errors.setdefault("webhook_url", []).append(
                    _("Không gửi được tới địa chỉ này (địa chỉ nội bộ hoặc không phân giải được).")
                )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def do_create_rule(actor: User, values: Mapping[str, Any]) -> AlertRule:
    cleaned = check_rule(actor, values)
    rule = AlertRule(owner=actor, **cleaned)
    rule.full_clean()
    rule.save()
    record_event(
        actor, "alerts.rule.create", rule, changes=diff({}, snapshot(rule, RULE_FIELDS)), organisation=rule.organisation
    )
    return rule


@transaction.atomic
def do_update_rule(actor: User, rule: AlertRule, values: Mapping[str, Any]) -> AlertRule:
    cleaned = check_rule(actor, values, rule)
    current = AlertRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(current, RULE_FIELDS)
    for name, value in cleaned.items():
        setattr(current, name, value)
    changes = diff(before, snapshot(current, RULE_FIELDS))
    if changes:
        current.updated_at = timezone.now()
        current.full_clean()
        current.save()
        record_event(actor, "alerts.rule.update", current, changes=changes, organisation=current.organisation)
    return current


@transaction.atomic
def do_delete_rule(actor: User, rule: AlertRule) -> None:
    require_perm(actor, "alerts.delete_alertrule")
    require_scope(actor, rule.organisation_id)
    record_event(actor, "alerts.rule.delete", rule, summary=rule.name, organisation=rule.organisation)
    rule.delete()


def check_preview(actor: User) -> None:
    if not (actor.has_perm("alerts.add_alertrule") or actor.has_perm("alerts.change_alertrule")):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def preview(actor: User, rule: AlertRule, limit: int = 50) -> tuple[list[Item], int]:
    """The last 7 days' items the (unsaved) rule matches, newest first, one per story; and how many in all."""
    check_preview(actor)
    compiled = engine.CompiledRule.of(rule)
    if compiled is None or rule.kind != RuleKind.ITEMS:
        return [], 0
    found = engine.evaluate([compiled], list(engine.preview_items(rule))).matches
    return [item for _rule, item in found[:limit]], len(found)


# --------------------------------------------------------------------------------------------------------------
# Notifications


def my_notifications(user: User) -> QuerySet[Notification]:
    if not has_any_role(user):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    return Notification.objects.filter(user=user)


def do_mark_read(actor: User, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) read; nobody marks someone else's."""
    unread = my_notifications(actor).filter(read_at__isnull=True)
    if notification is not None:
        if notification.user_id != actor.pk:
            raise PermissionDenied(_("Đây không phải thông báo của bạn."))
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


# --------------------------------------------------------------------------------------------------------------
# The periodic evaluation


@dataclass
class TickResult:
    items: int = 0
    matches: int = 0
    notifications: int = 0
    spikes: int = 0
    rechecked: int = 0  # items at or below the checkpoint read again for late commits (most were seen before)
    delivery: delivery.DeliveryCounts | None = None


def _summary(item: Item) -> str:
    outlets = item.story.outlet_count if item.story is not None else 0
    source = item.outlet_name or ""
    return _("%(source)s · %(count)d cơ quan báo chí đã đăng") % {"source": source, "count": outlets}


def _new_match(rule: AlertRule, item: Item, now: datetime) -> AlertMatch:
    title = (item.title or item.url)[:500]
    return AlertMatch(rule=rule, story_id=item.story_id, item=item, title=title, summary=_summary(item), matched_at=now)


@transaction.atomic
def _record_matches(found: list[tuple[AlertRule, Item]], now: datetime) -> tuple[int, int]:
    """Store the matches not stored before (one per rule and story, the constraint guarantees it) and the in-app
    notifications; one audit event per rule that fired."""
    story_ids = {item.story_id for _rule, item in found}
    rule_ids = {rule.pk for rule, _item in found}
    existing = set(
        AlertMatch.objects.filter(rule_id__in=rule_ids, story_id__in=story_ids).values_list("rule_id", "story_id")
    )
    new = [(rule, item) for rule, item in found if (rule.pk, item.story_id) not in existing]
    matches = AlertMatch.objects.bulk_create([_new_match(rule, item, now) for rule, item in new])
    notifications = [
        Notification(user_id=match.rule.owner_id, rule=match.rule, match=match, story_id=match.story_id,
                     title=match.title, body=match.summary, created_at=now)
        for match in matches
        if match.rule.notify_in_app
    ]  # fmt: skip
    Notification.objects.bulk_create(notifications)
    fired: dict[int, list[AlertMatch]] = {}
    for match in matches:
        fired.setdefault(match.rule_id, []).append(match)
    for rule_matches in fired.values():
        rule = rule_matches[0].rule
        record_event(None, "alerts.rule.fire", rule, summary=f"{len(rule_matches)}", organisation=rule.organisation)
    return len(matches), len(notifications)


@transaction.atomic
def _record_spike(rule: AlertRule, period: str, found: Spike, now: datetime) -> bool:
    if AlertMatch.objects.filter(rule=rule, story__isnull=True, spike_period=period).exists():
        return False
    title = _("Tin tiêu cực tăng đột biến: %(rule)s") % {"rule": rule.name}
    summary = _("%(current)d tin tiêu cực; trung bình 14 ngày trước: %(mean).1f; z = %(score).1f") % {
        "current": found.current, "mean": found.mean, "score": found.score
    }  # fmt: skip
    match = AlertMatch.objects.create(rule=rule, spike_period=period, title=title, summary=summary, matched_at=now)
    if rule.notify_in_app:
        Notification.objects.create(
            user_id=rule.owner_id, rule=rule, match=match, title=title, body=summary, created_at=now
        )
    record_event(None, "alerts.rule.fire", rule, summary=summary, organisation=rule.organisation)
    return True


def _read_again(
    compiled: list[engine.CompiledRule], through_id: int, since: datetime, now: datetime, result: TickResult
) -> None:
    """Evaluate again the items at or below the checkpoint stored since ``since``; only stories not matched before
    give a match (the existing check in ``_record_matches`` and the unique constraint behind it)."""
    ids = engine.ids_stored_since(since, through_id)
    for first in range(0, len(ids), BATCH):
        items = list(engine.items_with_ids(ids[first : first + BATCH]))
        if not items:
            continue
        found = engine.evaluate(compiled, items).matches
        with transaction.atomic():
            # The checkpoint row's lock, as the forward pass takes it: a concurrent tick recording the same story
            # waits here, then its existing check sees this one's match instead of hitting the constraint.
            Checkpoint.objects.select_for_update().get(name=CHECKPOINT)
            matches, notifications = _record_matches(found, now)
        result.rechecked += len(items)
        result.matches += matches
        result.notifications += notifications


def do_run_tick(now: datetime | None = None, deliver: bool = True) -> TickResult:
    """Evaluate active rules on the items stored since the checkpoint, then the spikes, then deliver.

    The checkpoint advances in the transaction that stores the matches, so a crash re-evaluates a pass rather
    than losing it; a concurrent tick that read the same checkpoint finds it moved and stores nothing more.

    Late commits: on PostgreSQL transactions storing items can commit out of id order, so an item can become visible
    after the checkpoint has passed its id (store_batch's advisory lock prevents it today; this does not rely on
    that lock). Such an item was invisible at the previous tick's reads, so it commits after them, and its
    ingested_at (stamped before its insert) is later than the previous tick's start minus the longest an ingest
    transaction takes (LATE_COMMIT_MARGIN). Each tick therefore first reads again the items at or below the
    checkpoint stored since then; the checkpoint's ``updated_at`` keeps that start (wall clock, not ``now``, which
    callers may set: ingested_at is the ingester's wall clock). Tying the look-back to the previous tick rather than
    to the clock means a delayed tick (a slow SMTP server, a busy worker) still finds the item.
    """
    now = now or timezone.now()
    result = TickResult()
    rules = list(AlertRule.objects.filter(is_active=True).select_related("owner", "organisation"))
    compiled = engine.compile_rules(rules)
    started = timezone.now()  # before this tick's first read of the items
    checkpoint, _created = Checkpoint.objects.get_or_create(name=CHECKPOINT)
    _read_again(compiled, checkpoint.last_item_id, checkpoint.updated_at - LATE_COMMIT_MARGIN, now, result)
    start = checkpoint.last_item_id
    undisturbed = True
    while True:
        items = list(engine.items_after(start)[:BATCH])
        if not items:
            break
        found = engine.evaluate(compiled, items).matches
        with transaction.atomic():
            moved = Checkpoint.objects.filter(name=CHECKPOINT, last_item_id=start).update(last_item_id=items[-1].pk)
            if not moved:
                undisturbed = False
                break  # another tick got here first
            matches, notifications = _record_matches(found, now)
        result.items += len(items)
        result.matches += matches
        result.notifications += notifications
        start = items[-1].pk
    if undisturbed:
        # Every item this tick could not see commits after ``started``: the next tick reads again from there. A tick
        # that met another one leaves the older start in place (reading more again is safe, less is not).
        Checkpoint.objects.filter(name=CHECKPOINT, updated_at=checkpoint.updated_at).update(updated_at=started)
    if result.items or result.rechecked:
        # Volumes change only when items arrive (late ones included): nothing read, no new spike.
        for rule in rules:
            if rule.kind == RuleKind.SPIKE:
                found_spike = engine.check_spike(rule, now)
                if found_spike.fired and _record_spike(rule, engine.spike_period(rule, now), found_spike, now):
                    result.spikes += 1
    if deliver:
        result.delivery = delivery.deliver_pending(now)
    return result
