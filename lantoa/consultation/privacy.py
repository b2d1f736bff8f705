"""Citizens' personal data in consultations (registry: lantoa.core.privacy; doc/privacy.md).

- a comment's contact (``Contact.email``) and the name the commenter gave (``Comment.author_name``): kept
  ``CONSULTATION_CONTACT_RETENTION_DAYS`` (365) after the comment was sent. The retention erases the contact and
  the address hash, as it always has; an erasure on request also blanks the name (as a withdrawal does). The
  comment stays, anonymised: it is part of the consultation's record and still counted;
- a subscriber's address (``Subscriber.email``): needed until the last notice (the report's publication); deleted
  ``CONSULTATION_CONTACT_RETENTION_DAYS`` after the report, or on request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.consultation import comments
from lantoa.consultation.models import Comment, Contact, Subscriber
from lantoa.core.privacy import Holder

RETENTION_SETTING = "CONSULTATION_CONTACT_RETENTION_DAYS"


def _purge_contact(contact: Contact) -> None:
    comments.erase_contact(contact, "retention")
    Comment.objects.filter(pk=contact.comment_id).update(address_hash="")


def _erase_contact(contact: Contact, reason: str) -> None:
    if contact.erased_at is None:
        comments.erase_contact(contact, reason)
    Comment.objects.filter(pk=contact.comment_id).update(author_name="", address_hash="")


def _comment_context(contact: Contact) -> dict[str, Any]:
    comment = contact.comment
    return {
        "consultation": comment.consultation.title,
        "comment": comment.pk,
        "sent_at": comment.created_at,
        "text": comment.text if comment.withdrawn_at is None else "",
        "consent_at": contact.consent_at,
        "consent_version": contact.consent_version,
    }


def _erase_subscriber(subscriber: Subscriber, reason: str) -> None:
    # Nothing but the address: no anonymised record to keep.
    subscriber.delete()


def _subscriber_context(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "consultation": subscriber.consultation.title,
        "subscribed_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
    }


HOLDERS = [
    Holder(
        key="consultation.contact",
        label=_("Góp ý dự thảo (thư điện tử, tên người góp ý)"),
        model=Contact,
        fields=("email", "comment__author_name"),
        email_fields=("email",),
        retention_setting=RETENTION_SETTING,
        retention_default=365,
        retention_from="comment__created_at",
        held=Q(erased_at__isnull=True),
        erase=_erase_contact,
        purge=_purge_contact,
        context=_comment_context,
        select_related=("comment__consultation",),
    ),
    Holder(
        key="consultation.subscriber",
        label=_("Đăng ký nhận tin về dự thảo"),
        model=Subscriber,
        fields=("email",),
        email_fields=("email",),
        retention_setting=RETENTION_SETTING,
        retention_default=365,
        retention_from="consultation__reported_at",
        erase=_erase_subscriber,
        context=_subscriber_context,
        select_related=("consultation",),
    ),
]
