"""Abuse controls of the public question form, without a captcha and without keeping addresses.

- a signed timestamp (django.core.signing) in the form: a submission faster than ``BRIEFINGS_FORM_MIN_SECONDS``
  after the form was served is a robot's; an old or forged token means the page must be reloaded;
- a honeypot field that people do not see (and must leave empty);
- length limits on every field;
- rate limits: per client address (``BRIEFINGS_QUESTIONS_PER_IP_PER_HOUR``, default 5) and per e-mail address
  (``BRIEFINGS_QUESTIONS_PER_EMAIL_PER_HOUR``, default 3), counted on stored questions; the address is stored only
  as a keyed hash (HMAC with the secret key), never raw;
- duplicates: the same question (case, spacing and punctuation aside) to the same briefing is refused.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

TOKEN_SALT = "lantoa.briefings.question-form"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE_SECONDS = 24 * 3600
NAME_LENGTH = (2, 120)
OUTLET_LENGTH = (2, 200)
TEXT_LENGTH = (15, 2000)
HONEYPOT_FIELD = "trang_web"


def min_fill_seconds() -> float:
    return float(getattr(settings, "BRIEFINGS_FORM_MIN_SECONDS", 5))


def per_ip_per_hour() -> int:
    return int(getattr(settings, "BRIEFINGS_QUESTIONS_PER_IP_PER_HOUR", 5))


def per_email_per_hour() -> int:
    return int(getattr(settings, "BRIEFINGS_QUESTIONS_PER_EMAIL_PER_HOUR", 3))


def make_token(briefing_id: int, issued_at: float | None = None) -> str:
    """The form's hidden field: which briefing, and when the form was served (signed, so it cannot be backdated)."""
    return signing.dumps({"b": briefing_id, "t": time.time() if issued_at is None else issued_at}, salt=TOKEN_SALT)


class TokenError(Exception):
    pass


def seconds_since_served(token: str, briefing_id: int, now: float | None = None) -> float:
    """Seconds since the form was served; TokenError if the token is forged, of another briefing or too old."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise TokenError from exc
    if not isinstance(data, dict) or data.get("b") != briefing_id or not isinstance(data.get("t"), int | float):
        raise TokenError
    elapsed = (time.time() if now is None else now) - float(data["t"])
    if elapsed > TOKEN_MAX_AGE_SECONDS or elapsed < -60:
        raise TokenError
    return elapsed


def ip_hash(ip: str) -> str:
    return salted_hmac("lantoa.briefings.question-ip", ip, algorithm="sha256").hexdigest()


def fingerprint(text: str) -> str:
    """The same question whatever its case, spacing or punctuation (accents kept: they change the meaning)."""
    normal = unicodedata.normalize("NFC", text).casefold()
    words = re.findall(r"\w+", normal)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()
