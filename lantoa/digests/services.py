"""Digest workflow: draft (collected and snapshotted) → reviewed (entries dropped, annotated, moved) → issued
(numbered in the year, archived, mailed to subscribers). ``check_*`` authorises, ``do_*`` changes and audits.
"""

from __future__ import annotations

import functools
import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm
from lantoa.audit.services import record_event
from lantoa.digests import content, render
from lantoa.digests.models import Digest, DigestEntry, DigestStatus, Period, Subscription

logger = logging.getLogger(__name__)


def check_can_edit(actor: User | None, digest: Digest | None = None) -> None:
    if actor is not None:
        require_perm(actor, "digests.change_digest")
    if digest is not None and not digest.is_draft:
        raise ValidationError(_("Điểm tin đã phát hành, không sửa được nữa."))


def check_can_view(actor: User, digest: Digest) -> None:
    require_perm(actor, "digests.view_digest")
    if digest.is_draft and not actor.has_perm("digests.change_digest"):
        raise PermissionDenied(_("Điểm tin còn là dự thảo."))


def rendering_for(digest: Digest) -> render.Rendering:
    return render.build(
        digest.period, digest.day, digest.start, digest.end, list(digest.entries.all()), digest.stats,
        number=digest.number, note=digest.note,
    )  # fmt: skip


@transaction.atomic
def do_create_draft(actor: User | None, period: str, day: date) -> Digest:
    """The digest of ``period`` dated ``day``: the existing one when there is one (a draft keeps the officer's
    edits, an issued one is never redone), else a new draft with the stories collected now."""
    if period not in Period.values:
        raise ValidationError(_("Kỳ điểm tin không hợp lệ: %(period)s.") % {"period": period})
    check_can_edit(actor)
    existing = Digest.objects.filter(period=period, day=day).order_by("-status", "-id").first()
    if existing is not None:
        return existing
    data = content.collect(period, day)
    digest = Digest.objects.create(
        period=period, start=data.start, end=data.end, day=day, year=day.year, stats=data.stats, created_by=actor
    )
    DigestEntry.objects.bulk_create(
        [
            DigestEntry(
                digest=digest,
                position=position,
                story_id=entry.story_id,
                section=entry.section,
                title=entry.title[:500],
                outlet_name=entry.outlet_name[:200],
                other_outlets=entry.other_outlets,
                published_at=entry.published_at,
                summary=entry.summary,
                url=entry.url[:2000],
                polarity=entry.polarity,
                sector=entry.sector,
                communes=entry.communes,
                agencies=entry.agencies,
                misinfo_risk=entry.misinfo_risk,
            )
            for position, entry in enumerate(data.entries, 1)
        ],
        batch_size=500,
    )
    record_event(actor, "digests.digest.draft", digest, summary=f"{len(data.entries)} tin")
    return digest


@transaction.atomic
def do_set_note(actor: User, digest: Digest, note: str) -> Digest:
    current = Digest.objects.select_for_update().get(pk=digest.pk)
    check_can_edit(actor, current)
    before = current.note
    current.note = note.strip()
    current.save(update_fields=["note"])
    record_event(actor, "digests.digest.note", current, changes={"note": [before, current.note]})
    return current


@transaction.atomic
def do_update_entry(
    actor: User, entry: DigestEntry, *, excluded: bool | None = None, note: str | None = None
) -> DigestEntry:
    """Drop an entry from the digest (or bring it back) and/or annotate it."""
    current = DigestEntry.objects.select_for_update().select_related("digest").get(pk=entry.pk)
    check_can_edit(actor, current.digest)
    changes: dict[str, list[object]] = {}
    if excluded is not None and excluded != current.excluded:
        changes["excluded"] = [current.excluded, excluded]
        current.excluded = excluded
    if note is not None and note.strip() != current.note:
        changes["note"] = [current.note, note.strip()]
        current.note = note.strip()
    if changes:
        current.save(update_fields=list(changes))
        record_event(actor, "digests.entry.update", current.digest, changes=changes, summary=current.title[:200])
    return current


@transaction.atomic
def do_move_entry(actor: User, entry: DigestEntry, direction: str) -> DigestEntry:
    """Swap the entry with its neighbour in the same section ("up" or "down")."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Hướng di chuyển không hợp lệ."))
    current = DigestEntry.objects.select_for_update().select_related("digest").get(pk=entry.pk)
    check_can_edit(actor, current.digest)
    siblings = DigestEntry.objects.select_for_update().filter(digest=current.digest, section=current.section)
    if direction == "up":
        neighbour = siblings.filter(position__lt=current.position).order_by("-position").first()
    else:
        neighbour = siblings.filter(position__gt=current.position).order_by("position").first()
    if neighbour is None:
        return current
    current.position, neighbour.position = neighbour.position, current.position
    DigestEntry.objects.bulk_update([current, neighbour], ["position"])
    record_event(actor, "digests.entry.move", current.digest, summary=f"{direction}: {current.title[:200]}")
    return current


def _next_number(year: int) -> int:
    last = Digest.objects.select_for_update().filter(year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def do_issue(actor: User | None, digest: Digest) -> Digest:
    """Number the digest in its year, archive it as issued, and mail it to the subscribers (after the commit)."""
    for attempt in range(3):  # two officers issuing at once: the unique (year, number) makes one of them retry
        try:
            with transaction.atomic():
                current = Digest.objects.select_for_update().get(pk=digest.pk)
                check_can_edit(actor, current)
                current.number = _next_number(current.year)
                current.status = DigestStatus.ISSUED
                current.issued_by, current.issued_at = actor, timezone.now()
                current.save(update_fields=["number", "status", "issued_by", "issued_at"])
                record_event(actor, "digests.digest.issue", current, summary=render.number_line(current.number))
                transaction.on_commit(functools.partial(_enqueue_send, current.pk))
                return current
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _enqueue_send(digest_id: int) -> None:
    from lantoa.digests.tasks import send_digest

    send_digest(digest_id)


def subscribers(digest: Digest) -> list[str]:
    wanted = Subscription.objects.filter(active=True)
    wanted = wanted.filter(daily=True) if digest.period == Period.DAY else wanted.filter(weekly=True)
    return sorted(set(wanted.values_list("email", flat=True)))


def do_send(digest: Digest) -> int:
    """Mail an issued digest to every active subscriber of its period: HTML body, the Word document and the PDF
    attached. One message per recipient (no list of addresses for all to see). Returns the number sent."""
    if digest.is_draft:
        raise ValidationError(_("Chỉ gửi điểm tin đã phát hành."))
    recipients = subscribers(digest)
    if not recipients:
        return 0
    rendering = rendering_for(digest)
    subject = f"{render.TITLE} {digest.day:%d/%m/%Y} ({rendering.number_line})"
    html = render.html_document(rendering)
    docx = render.docx_bytes(rendering)
    pdf = render.pdf_bytes(rendering)
    name = f"diem-tin-{digest.period}-{digest.day:%Y-%m-%d}"
    text = _("Điểm tin báo chí %(day)s: %(count)d tin. Xem tệp đính kèm.") % {
        "day": f"{digest.day:%d/%m/%Y}",
        "count": rendering.entry_count,
    }
    sent = 0
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        message.attach(f"{name}.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        message.attach(f"{name}.pdf", pdf, "application/pdf")
        message.send()
        sent += 1
    Digest.objects.filter(pk=digest.pk).update(sent_count=F("sent_count") + sent)
    record_event(None, "digests.digest.send", digest, summary=f"{sent} thư")
    return sent


@transaction.atomic
def do_subscribe(actor: User, email: str, name: str = "", *, daily: bool = True, weekly: bool = True) -> Subscription:
    require_perm(actor, "digests.add_subscription")
    subscription = Subscription(email=email.strip().lower(), name=name.strip(), daily=daily, weekly=weekly)
    subscription.full_clean()
    subscription.save()
    record_event(actor, "digests.subscription.create", subscription, summary=subscription.email)
    return subscription


@transaction.atomic
def do_unsubscribe(actor: User, subscription: Subscription) -> None:
    require_perm(actor, "digests.delete_subscription")
    record_event(actor, "digests.subscription.delete", None, summary=subscription.email)
    subscription.delete()


@transaction.atomic
def do_set_public(actor: User, digest: Digest, public: bool) -> Digest:
    """Publish an issued digest on the public site (or take it down). Drafts are never public."""
    require_perm(actor, "digests.change_digest")
    current = Digest.objects.select_for_update().get(pk=digest.pk)
    if current.is_draft:
        raise ValidationError(_("Chỉ công bố điểm tin đã phát hành."))
    if current.public != public:
        current.public = public
        current.save(update_fields=["public"])
        record_event(actor, "digests.digest.public", current, changes={"public": [not public, public]})
    return current
