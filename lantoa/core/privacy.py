"""Citizens' personal data (Decree 13/2023/NĐ-CP; Law on Personal Data Protection from 1/1/2026): one registry of
the records that hold it, the daily purge that applies each one's retention period, export and erasure on request,
and the access log. See doc/privacy.md.

Each domain app declares its holders in its own ``privacy.py`` (``HOLDERS``, a list of :class:`Holder`), as it
declares its permissions in ``roles.py``; nobody edits this file to add one. A holder says which model keeps the
data, which fields, how to find a person's records by e-mail or phone, how long the data is kept and from which
date, and what erasing means: the personal fields are blanked and the record stays, anonymised, because comments,
questions and requests are part of the public record (a subscription, which is nothing but the address, is
deleted).

Nothing here writes an e-mail address or a phone number to the audit log: the subject is named by a keyed hash
(HMAC with the secret key), the same for the same person, so that an auditor can follow one person's requests.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lantoa.accounts.permissions import require_perm
from lantoa.audit.services import plain, record_event
from lantoa.core.models import PersonalDataAction, PersonalDataRequest

if TYPE_CHECKING:
    from lantoa.accounts.models import User

logger = logging.getLogger(__name__)

PERMISSION = "core.manage_personal_data"
SUBJECT_SALT = "lantoa.core.privacy.subject"
MAX_REASON = 1000


@dataclass(frozen=True)
class Holder:
    """One model that keeps citizens' personal data.

    ``fields`` are the personal fields as exported (``a__b`` follows a relation); ``email_fields`` and
    ``phone_fields`` the lookups that find a person; ``held`` selects the records that still hold something (the
    purge skips the others); ``expirable`` narrows the purge further (a request still being handled is kept);
    ``retention_from`` is the date or date-time field the period counts from (records where it is empty are kept);
    ``erase(record, reason)`` blanks the personal fields on request; ``purge(record)`` does it at the end of the
    retention period (``erase(record, "retention")`` when not given); ``context(record)`` what the record is about,
    without personal data, for the officer and the export."""

    key: str
    label: str | Promise
    model: type[models.Model]
    fields: tuple[str, ...]
    retention_setting: str
    retention_default: int
    retention_from: str
    erase: Callable[[Any, str], None]
    email_fields: tuple[str, ...] = ()
    phone_fields: tuple[str, ...] = ()
    held: Q = field(default_factory=Q)
    expirable: Q = field(default_factory=Q)
    purge: Callable[[Any], None] | None = None
    context: Callable[[Any], dict[str, Any]] | None = None
    select_related: tuple[str, ...] = ()

    def retention_days(self) -> int:
        return int(getattr(settings, self.retention_setting, self.retention_default))

    def values(self, record: models.Model) -> dict[str, Any]:
        return {name: _follow(record, name) for name in self.fields}

    def holds_data(self, record: models.Model) -> bool:
        return any(value not in ("", None) for value in self.values(record).values())

    def describe(self, record: models.Model) -> dict[str, Any]:
        return self.context(record) if self.context is not None else {}

    def cutoff(self, now: datetime | None = None) -> Any:
        """Records whose ``retention_from`` is before this are past the retention period."""
        now = now or timezone.now()
        start = now - timedelta(days=self.retention_days())
        if isinstance(_field(self.model, self.retention_from), models.DateTimeField):
            return start
        return timezone.localdate(start)

    def expired(self, now: datetime | None = None) -> models.QuerySet[Any]:
        # Through ``pk__in``: the filter may follow a relation, and ``select_for_update`` then locks only our rows.
        matching = self.model._default_manager.filter(self.held, self.expirable).filter(
            **{f"{self.retention_from}__lt": self.cutoff(now)}
        )
        return self.model._default_manager.filter(pk__in=matching.values("pk"))


def _follow(record: models.Model, path: str) -> Any:
    value: Any = record
    for part in path.split("__"):
        value = getattr(value, part, None) if value is not None else None
    return value


def _field(model: type[models.Model], path: str) -> Any:
    current: Any = model
    found: Any = None
    for part in path.split("__"):
        found = current._meta.get_field(part)
        current = found.related_model
    return found


# --- The registry --------------------------------------------------------------------------------------------------
@cache
def holders() -> tuple[Holder, ...]:
    """Every app's ``privacy.HOLDERS``, in the order of INSTALLED_APPS."""
    from django.apps import apps

    found: list[Holder] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lantoa.") or config.name == "lantoa.core":
            continue
        if importlib.util.find_spec(f"{config.name}.privacy") is None:
            continue
        module = importlib.import_module(f"{config.name}.privacy")
        found.extend(getattr(module, "HOLDERS", ()))
    keys = [holder.key for holder in found]
    if len(keys) != len(set(keys)):
        raise RuntimeError(f"privacy: duplicate holder keys in {keys}")
    return tuple(found)


def holder(key: str) -> Holder:
    for candidate in holders():
        if candidate.key == key:
            return candidate
    raise LookupError(key)


# --- Subjects: an e-mail address or a phone number -----------------------------------------------------------------
@dataclass(frozen=True)
class Subject:
    kind: str  # "email" or "phone"
    value: str  # lower-cased address, or the phone's digits in the national form (0…)

    @property
    def hash(self) -> str:
        return subject_hash(self.value)


def phone_digits(text: str) -> str:
    """``+84 912 345 678``, ``0912.345.678`` and ``(0912) 345678`` are one number: ``0912345678``."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def parse_subject(text: str) -> Subject:
    text = (text or "").strip()
    if "@" in text:
        value = text.lower()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
        return Subject("email", value)
    digits = phone_digits(text)
    if not 8 <= len(digits) <= 15 or re.search(r"[^\d\s.+()\-]", text):
        raise ValidationError(_("Hãy nhập một địa chỉ thư điện tử hoặc một số điện thoại."))
    return Subject("phone", digits)


def subject_hash(value: str) -> str:
    """A keyed hash (HMAC with the secret key): names the person in the logs without their address."""
    return salted_hmac(SUBJECT_SALT, value, algorithm="sha256").hexdigest()


# --- Finding a person's records ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    holder: Holder
    record: Any

    @property
    def label(self) -> str:
        return f"{self.holder.key}#{self.record.pk}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder.key,
            "kind": str(self.holder.label),
            "id": self.record.pk,
            "personal_data": {name: plain(value) for name, value in self.holder.values(self.record).items()},
            "context": {name: plain(value) for name, value in self.holder.describe(self.record).items()},
            "retention_from": plain(_follow(self.record, self.holder.retention_from)),
            "retention_days": self.holder.retention_days(),
        }


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:119] + "…"


@dataclass(frozen=True)
class Shown:
    """A found record as the officer's page shows it."""

    kind: str
    id: Any
    personal: list[tuple[str, str]]
    about: str
    kept_from: str
    days: int


def shown(found: Iterable[Found]) -> list[Shown]:
    rows = []
    for item in found:
        model, record = item.holder.model, item.record
        personal = [
            (str(_field(model, name).verbose_name), _shown(value))
            for name, value in item.holder.values(record).items()
            if value not in ("", None)
        ]
        about = " · ".join(_shown(value) for value in item.holder.describe(record).values() if value not in ("", None))
        start = _follow(record, item.holder.retention_from)
        rows.append(
            Shown(
                str(item.holder.label),
                record.pk,
                personal,
                about,
                _shown(start) if start else "",
                item.holder.retention_days(),
            )
        )
    return rows


def _records(item: Holder, subject: Subject, lock: bool = False) -> list[Any]:
    manager = item.model._default_manager
    if subject.kind == "email":
        if not item.email_fields:
            return []
        condition = Q()
        for name in item.email_fields:
            condition |= Q(**{f"{name}__iexact": subject.value})
        queryset = manager.filter(condition)
    else:
        if not item.phone_fields:
            return []
        # Phone numbers are stored as typed ("0912 345 678"): compared digit by digit, in Python.
        nonblank = Q()
        for name in item.phone_fields:
            nonblank |= ~Q(**{name: ""})
        pks = [
            row[0]
            for row in manager.filter(nonblank).values_list("pk", *item.phone_fields)
            if any(value and phone_digits(value) == subject.value for value in row[1:])
        ]
        queryset = manager.filter(pk__in=pks)
    if lock:
        queryset = queryset.select_for_update()
    elif item.select_related:
        queryset = queryset.select_related(*item.select_related)
    return list(queryset.order_by("pk"))


def find(subject: Subject, lock: bool = False) -> list[Found]:
    return [Found(item, record) for item in holders() for record in _records(item, subject, lock)]


# --- Services: look up, export, erase (audited) --------------------------------------------------------------------
def can_manage(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.has_perm(PERMISSION))


def check_can_manage(actor: User) -> None:
    require_perm(actor, PERMISSION)


def _audit(actor: User, action: str, subject: Subject, found: Iterable[Found], target: Any = None) -> None:
    labels = [item.label for item in found]
    record_event(
        actor, f"privacy.{action}", target, changes={"subject": [None, subject.hash], "records": [None, labels]},
        summary=f"{subject.kind} {subject.hash[:16]}: {len(labels)}",
    )  # fmt: skip


def _request(actor: User, action: str, subject: Subject, records: int, reason: str = "") -> PersonalDataRequest:
    return PersonalDataRequest.objects.create(
        actor=actor, actor_label=actor.get_full_name() or actor.get_username(), action=action,
        subject_hash=subject.hash, subject_kind=subject.kind, reason=reason, records=records,
    )  # fmt: skip


@transaction.atomic
def do_lookup(actor: User, text: str) -> tuple[Subject, list[Found]]:
    check_can_manage(actor)
    subject = parse_subject(text)
    found = find(subject)
    _audit(actor, "lookup", subject, found)
    return subject, found


@transaction.atomic
def do_export_personal_data(actor: User, email: str) -> dict[str, Any]:
    """Everything held about one person (by e-mail, or phone), as a JSON-ready dict for them."""
    check_can_manage(actor)
    subject = parse_subject(email)
    found = find(subject)
    request = _request(actor, PersonalDataAction.EXPORT, subject, len(found))
    _audit(actor, "export", subject, found, request)
    return {
        "subject": subject.value,
        "subject_kind": subject.kind,
        "exported_at": timezone.now().isoformat(),
        "exported_by": request.actor_label,
        "request": request.pk,
        "records": [item.as_dict() for item in found],
    }


@transaction.atomic
def do_erase_personal_data(actor: User, email: str, reason: str) -> int:
    """Erase one person's data in every app (the records stay, anonymised); returns how many records."""
    check_can_manage(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": [_("Hãy nêu lý do xóa (ví dụ: đơn yêu cầu xóa của người dân ngày …).")]})
    subject = parse_subject(email)
    found = find(subject, lock=True)
    for item in found:
        item.holder.erase(item.record, "request")
    request = _request(actor, PersonalDataAction.ERASE, subject, len(found), reason[:MAX_REASON])
    _audit(actor, "erase", subject, found, request)
    return len(found)


def log_personal_data_access(actor: User, holder_key: str, record: models.Model) -> None:
    """A back-office page showed this record's personal data to ``actor``: one audit event per page view."""
    item = holder(holder_key)
    if item.holds_data(record):
        record_event(actor, "privacy.view", record, summary=item.key)


# --- Retention ------------------------------------------------------------------------------------------------------
def purge_expired(item: Holder, now: datetime | None = None) -> int:
    """Erase the personal data of ``item``'s records past the retention period; one transaction per record."""
    erased = 0
    for pk in list(item.expired(now).values_list("pk", flat=True)):
        with transaction.atomic():
            record = item.expired(now).select_for_update().filter(pk=pk).first()
            if record is None:  # erased meanwhile (withdrawal, a request)
                continue
            if item.purge is not None:
                item.purge(record)
            else:
                item.erase(record, "retention")
        erased += 1
    if erased:
        record_event(None, f"{item.key}.retention", None, summary=f"{erased}")
    return erased


def purge_all(now: datetime | None = None) -> dict[str, int]:
    return {item.key: purge_expired(item, now) for item in holders()}


# Local time (HUEY["utc"] = False): 03:40 in Thái Nguyên, at night.
@db_periodic_task(crontab(minute="40", hour="3"))
def purge_personal_data() -> None:
    for key, erased in purge_all().items():
        logger.info("privacy: %s: %d erased (retention)", key, erased)
