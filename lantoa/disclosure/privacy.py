"""Requesters' personal data in requests for information (registry: lantoa.core.privacy; doc/privacy.md).

A request keeps the requester's name, address, e-mail and phone (to answer them) and a keyed hash of the client
address of a public-form request. Kept ``DISCLOSURE_CONTACT_RETENTION_DAYS`` (5 × 365) after the request was
answered or refused (doc/legal.md: the usual keeping period of administrative correspondence, not verified); a
request still being handled is never purged. Erasing blanks them; the request, its timeline and the answer stay,
named by their number, as part of the register of requests.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.core.privacy import Holder
from lantoa.disclosure.models import OPEN_REQUEST_STATUSES, InformationRequest

PERSONAL_FIELDS = ("requester_name", "requester_address", "requester_email", "requester_phone")


def _erase(request: InformationRequest, reason: str) -> None:
    for name in (*PERSONAL_FIELDS, "client_hash"):
        setattr(request, name, "")
    request.save(update_fields=[*PERSONAL_FIELDS, "client_hash"])


def _context(request: InformationRequest) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "received_on": request.received_on,
        "status": request.get_status_display(),
        "information": request.information,
        "purpose": request.purpose,
        "organisation": request.organisation.name if request.organisation else "",
        "answered_on": request.answered_on,
    }


HOLDERS = [
    Holder(
        key="disclosure.request",
        label=_("Yêu cầu cung cấp thông tin (họ tên, địa chỉ, thư điện tử, điện thoại)"),
        model=InformationRequest,
        fields=PERSONAL_FIELDS,
        email_fields=("requester_email",),
        phone_fields=("requester_phone",),
        retention_setting="DISCLOSURE_CONTACT_RETENTION_DAYS",
        retention_default=5 * 365,
        retention_from="answered_on",
        held=~Q(requester_name="")
        | ~Q(requester_address="")
        | ~Q(requester_email="")
        | ~Q(requester_phone="")
        | ~Q(client_hash=""),
        expirable=~Q(status__in=OPEN_REQUEST_STATUSES),
        erase=_erase,
        context=_context,
        select_related=("organisation",),
    ),
]
