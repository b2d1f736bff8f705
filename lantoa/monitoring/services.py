"""Source management: create, change, poll now. ``check_*`` authorises, ``do_*`` changes and audits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.monitoring.models import Source

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


def do_request_poll(actor: User | None, source: Source) -> None:
    if actor is not None:
        require_perm(actor, "monitoring.change_source")
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    record_event(actor, "monitoring.source.poll_now", source)
    from lantoa.monitoring.tasks import poll_source

    poll_source(source.pk)
