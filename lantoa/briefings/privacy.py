"""Journalists' personal data in briefings (registry: lantoa.core.privacy; doc/privacy.md).

A question keeps the journalist's name and e-mail (to answer them) and a keyed hash of the client address (rate
limit), ``BRIEFINGS_CONTACT_RETENTION_DAYS`` (365) after it was sent. Erasing blanks them; the question, the answer
and the outlet (an organisation, not a person) stay, as part of the briefing's record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.briefings.models import Question
from lantoa.core.privacy import Holder


def _erase(question: Question, reason: str) -> None:
    question.journalist_name = question.email = question.ip_hash = ""
    question.save(update_fields=["journalist_name", "email", "ip_hash"])


def _context(question: Question) -> dict[str, Any]:
    return {
        "briefing": question.briefing.title,
        "outlet": question.outlet_name,
        "submitted_at": question.submitted_at,
        "question": question.text,
        "answer": question.answer,
    }


HOLDERS = [
    Holder(
        key="briefings.question",
        label=_("Câu hỏi của nhà báo (họ tên, thư điện tử)"),
        model=Question,
        fields=("journalist_name", "email"),
        email_fields=("email",),
        retention_setting="BRIEFINGS_CONTACT_RETENTION_DAYS",
        retention_default=365,
        retention_from="submitted_at",
        held=~Q(journalist_name="") | ~Q(email="") | ~Q(ip_hash=""),
        erase=_erase,
        context=_context,
        select_related=("briefing",),
    ),
]
