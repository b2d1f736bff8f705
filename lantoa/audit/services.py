"""Writing the audit log. Every ``do_*`` service calls :func:`record_event` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lantoa.audit.models import AuditEvent

if TYPE_CHECKING:
    from lantoa.accounts.models import User
    from lantoa.org.models import Organisation

Changes = dict[str, list[Any]]


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value, short enough for a log line."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, str) and len(value) > 500:
        return value[:500] + "…"
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """{field: [before, after]} for the fields whose value changed; a field absent on one side counts as None."""
    changes: Changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes


def record_event(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    *,
    changes: Changes | None = None,
    organisation: Organisation | None = None,
    summary: str = "",
) -> AuditEvent:
    actor_label = ""
    if actor is not None:
        actor_label = actor.get_full_name() or actor.get_username()
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        organisation=organisation,
        changes=changes or {},
        summary=summary,
    )
