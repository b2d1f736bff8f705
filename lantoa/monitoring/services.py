"""Source management: create, change, poll now. ``check_*`` authorises, ``do_*`` changes and audits."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.monitoring.models import Correction, Item, Source

logger = logging.getLogger(__name__)

SOURCE_FIELDS = ("name", "kind", "url", "outlet", "options", "poll_minutes", "is_active")


@transaction.atomic
def do_create_source(actor: User | None, values: Mapping[str, Any]) -> Source:
    if actor is not None:
        require_perm(actor, "monitoring.add_source")
    source = Source(**{name: value for name, value in values.items() if name in SOURCE_FIELDS})
    source.full_clean()
    source.save()
    record_event(actor, "monitoring.source.create", source, changes=diff({}, snapshot(source, SOURCE_FIELDS)))
    return source


@transaction.atomic
def do_update_source(actor: User | None, source: Source, values: Mapping[str, Any]) -> Source:
    if actor is not None:
        require_perm(actor, "monitoring.change_source")
    current = Source.objects.select_for_update().get(pk=source.pk)
    before = snapshot(current, SOURCE_FIELDS)
    changed = [name for name, value in values.items() if name in SOURCE_FIELDS and getattr(current, name) != value]
    for name in changed:
        setattr(current, name, values[name])
    if "url" in changed or "is_active" in changed:
        # A corrected address or a re-activated source starts afresh: no back-off, no flag, no stale validators.
        current.consecutive_failures, current.flagged, current.next_poll_at = 0, False, None
        current.etag = current.last_modified = ""
        changed += ["consecutive_failures", "flagged", "next_poll_at", "etag", "last_modified"]
    if changed:
        current.full_clean()
        current.save(update_fields=sorted(set(changed)))
        record_event(actor, "monitoring.source.update", current, changes=diff(before, snapshot(current, SOURCE_FIELDS)))
    return current


def do_request_poll(actor: User | None, source: Source) -> bool:
    """Make the source due now and queue its poll. False when the queue cannot be reached (Redis down): the
    source stays due, and the scheduler queues it once the queue is back."""
    if actor is not None:
        require_perm(actor, "monitoring.change_source")
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    record_event(actor, "monitoring.source.poll_now", source)
    from lantoa.monitoring.tasks import poll_source

    try:
        poll_source(source.pk)
    except Exception as exc:  # noqa: BLE001 - whatever the queue's storage raises, the page must answer
        logger.warning("could not queue the poll of source %s: %s: %s", source.pk, type(exc).__name__, exc)
        return False
    return True


CORRECTABLE = {
    "polarity": ("neg", "neu", "pos"),
    "toxicity": ("clean", "offensive", "hate"),
    "relevant": ("yes", "no"),
}


def allowed_values(field: str) -> tuple[str, ...]:
    if field == "sector":
        from lantoa.vntext.classify.heads import SECTORS

        return SECTORS
    return CORRECTABLE.get(field, ())


def check_can_correct(actor: User, field: str, value: str) -> None:
    require_perm(actor, "monitoring.change_item")
    if value not in allowed_values(field):
        raise ValidationError(_("Nhãn “%(value)s” không hợp lệ cho %(field)s.") % {"value": value, "field": field})


@transaction.atomic
def do_correct_item(actor: User, item: Item, field: str, value: str) -> Correction:
    """Record the correction (who, when, before, after) and show it instead of the model's label from now on."""
    check_can_correct(actor, field, value)
    current = Item.objects.select_for_update().get(pk=item.pk)
    old = ("yes" if current.relevant else "no") if field == "relevant" else str(getattr(current, field))
    correction = Correction.objects.create(item=current, field=field, old_value=old, value=value, user=actor)
    current.corrected = {**current.corrected, field: value}
    if field == "relevant":
        current.relevant = value == "yes"
    else:
        setattr(current, field, value)
    updated = ["corrected", field]
    if field == "sector":
        from lantoa.org.gazetteer import agencies_for

        current.agencies = agencies_for(value)
        updated.append("agencies")
    current.save(update_fields=updated)
    record_event(actor, "monitoring.item.correct", current, changes={field: [old, value]})
    return correction
