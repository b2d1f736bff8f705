"""The citizen's side: send a comment, verify it with the one-time code mailed to the contact, withdraw consent;
and what runs on every comment: rate limits, the toxicity pre-screen, near-duplicate grouping, retention.

A comment counts once its code is verified and moderation has not hidden it. Personal data (the email) lives in
``Contact``; the address of the sender is never stored, only a keyed hash used for the rate limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit.services import record_event
from lantoa.consultation.models import (
    Comment,
    CommentBand,
    Consultation,
    Contact,
    Moderation,
    ModerationAction,
    ModerationLog,
    UnitKind,
)
from lantoa.vntext.fingerprint import Fingerprint, fingerprint
from lantoa.vntext.normalize import clean_text

CODE_TTL = timedelta(minutes=30)
MAX_ATTEMPTS = 5
MIN_TEXT, MAX_TEXT = 5, 5000
# Estimated Jaccard similarity of word 4-shingles from which two comments are "the same comment" (a campaign's
# template with a name or a word changed). Lower than monitoring's 0.6: comments are short, one changed word
# costs up to four shingles out of a few dozen.
DUPLICATE_SIMILARITY = 0.5
CONSENT_VERSION = "2026-01"
VERIFY_SALT = "consultation.verify"
WITHDRAW_SALT = "consultation.withdraw"


def retention_days() -> int:
    return int(getattr(settings, "CONSULTATION_CONTACT_RETENTION_DAYS", 365))


def contact_limit() -> int:
    """Comments one email address may send per hour (verified or not)."""
    return int(getattr(settings, "CONSULTATION_RATE_PER_CONTACT_HOUR", 5))


def address_limit() -> int:
    """Comments one client address may send per hour (an office behind one NAT sends several: not too low)."""
    return int(getattr(settings, "CONSULTATION_RATE_PER_ADDRESS_HOUR", 30))


def toxicity_hold() -> float:
    return float(getattr(settings, "CONSULTATION_TOXICITY_HOLD", 0.5))


def _keyed(kind: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def address_hash(address: str) -> str:
    return _keyed("address", address) if address else ""


def _code_hash(comment_id: int, code: str) -> str:
    return _keyed(f"code:{comment_id}", code)


def verify_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=VERIFY_SALT)


def withdraw_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=WITHDRAW_SALT)


def comment_for_token(token: str, salt: str) -> Comment | None:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return Comment.objects.select_related("consultation", "unit").filter(pk=pk).first()


@dataclass
class Submission:
    comment: Comment
    code: str  # "" when the comment was already stored (a repeated submission)
    email: str


def submit(
    consultation: Consultation,
    *,
    text: str,
    email: str,
    consent: bool,
    unit_id: int | None = None,
    name: str = "",
    address: str = "",
    nonce: str = "",
    honeypot: str = "",
) -> Submission:
    """Store a comment awaiting verification and return it with its one-time code (mailed by the caller after
    the commit). Raises ValidationError with a message for the citizen."""
    if honeypot:
        # A field hidden from people and assistive technology was filled: a bot. Same message as a limit.
        raise ValidationError(_("Không gửi được góp ý lúc này, vui lòng thử lại sau."))
    if not consultation.accepts_comments:
        raise ValidationError(_("Dự thảo này không còn nhận góp ý."))
    text = clean_text(text)
    name = " ".join(name.split())[:120]
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        errors["text"] = _("Nội dung góp ý cần từ %(min)d đến %(max)d ký tự.") % {"min": MIN_TEXT, "max": MAX_TEXT}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    if not consent:
        errors["consent"] = _("Cần đồng ý cho xử lý dữ liệu cá nhân để xác nhận góp ý qua thư điện tử.")
    unit = None
    if unit_id is not None:
        unit = consultation.units.filter(pk=unit_id, kind=UnitKind.ARTICLE).first()
        if unit is None:
            errors["unit"] = _("Điều được chọn không thuộc dự thảo này.")
    if errors:
        raise ValidationError(errors)
    nonce = nonce[:32] or secrets.token_hex(16)
    with transaction.atomic():
        existing = Comment.objects.filter(nonce=nonce).first()
        if existing is not None:
            return Submission(existing, "", email)
        since = timezone.now() - timedelta(hours=1)
        email_key, address_key = _keyed("email", email), address_hash(address)
        if Contact.objects.filter(email_hash=email_key, comment__created_at__gte=since).count() >= contact_limit():
            raise ValidationError(_("Địa chỉ thư này đã gửi nhiều góp ý trong một giờ qua, vui lòng thử lại sau."))
        if address_key and Comment.objects.filter(address_hash=address_key, created_at__gte=since).count() >= (
            address_limit()
        ):
            raise ValidationError(_("Không gửi được góp ý lúc này, vui lòng thử lại sau."))
        code = f"{secrets.randbelow(1_000_000):06d}"
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    consultation=consultation, unit=unit, text=text, author_name=name, address_hash=address_key,
                    nonce=nonce,
                )  # fmt: skip
        except IntegrityError:  # the same form sent twice at once: the other request stored it
            return Submission(Comment.objects.get(nonce=nonce), "", email)
        Contact.objects.create(
            comment=comment, email=email, email_hash=email_key, consent_at=timezone.now(),
            consent_version=CONSENT_VERSION, code_hash=_code_hash(comment.pk, code),
            code_expires_at=timezone.now() + CODE_TTL,
        )  # fmt: skip
    return Submission(comment, code, email)


def send_code(submission: Submission, verify_url: str, withdraw_url: str) -> None:
    """Mail the one-time code (synchronously: the citizen is waiting for it on the next page)."""
    body = _(
        "Mã xác nhận góp ý của bạn: %(code)s\n\n"
        "Nhập mã này tại %(verify_url)s trong vòng 30 phút để góp ý được ghi nhận.\n\n"
        "Dự thảo: %(title)s\n\n"
        "Địa chỉ thư này chỉ dùng để xác nhận góp ý và, nếu bạn đồng ý, để gửi thông tin về dự thảo; không công bố. "
        "Muốn rút lại sự đồng ý và xóa địa chỉ thư: %(withdraw_url)s\n"
    ) % {
        "code": submission.code,
        "verify_url": verify_url,
        "title": submission.comment.consultation.title,
        "withdraw_url": withdraw_url,
    }
    subject = _("Mã xác nhận góp ý: %(code)s") % {"code": submission.code}
    connection = get_connection(timeout=15)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.email], connection=connection).send()


class VerifyError(ValidationError):
    pass


def verify(comment: Comment, code: str) -> Comment:
    """Check the code: right → the comment is verified, pre-screened and grouped with its near-duplicates;
    wrong → one attempt used; the fifth wrong attempt locks the verification of this comment for good."""
    with transaction.atomic():
        current = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        if current.verified_at is not None:
            return current
        contact = Contact.objects.select_for_update().filter(comment=current).first()
        if contact is None or contact.erased_at is not None or not contact.code_hash:
            raise VerifyError(_("Góp ý này không còn chờ xác nhận."))
        if contact.locked_at is not None:
            raise VerifyError(_("Đã nhập sai mã %(n)d lần: góp ý này bị khóa xác nhận. Hãy gửi lại góp ý.")
                              % {"n": MAX_ATTEMPTS})  # fmt: skip
        if contact.code_expires_at is None or contact.code_expires_at < timezone.now():
            raise VerifyError(_("Mã xác nhận đã hết hạn (30 phút). Hãy gửi lại góp ý."))
        code = "".join(code.split())
        if not hmac.compare_digest(contact.code_hash, _code_hash(current.pk, code)):
            contact.attempts += 1
            if contact.attempts >= MAX_ATTEMPTS:
                contact.locked_at = timezone.now()
            contact.save(update_fields=["attempts", "locked_at"])
            left = MAX_ATTEMPTS - contact.attempts
            if left <= 0:
                message = _("Đã nhập sai mã %(n)d lần: góp ý này bị khóa xác nhận. Hãy gửi lại góp ý.")
                failure = VerifyError(message % {"n": MAX_ATTEMPTS})
            else:
                failure = VerifyError(_("Mã không đúng. Còn %(left)d lần thử.") % {"left": left})
        else:
            failure = None
            contact.code_hash = ""
            contact.save(update_fields=["code_hash"])
            current.verified_at = timezone.now()
            _prescreen(current)
            current.save(update_fields=["verified_at", "toxicity", "constructive", "moderation"])
            _group_duplicates(current)
            record_event(None, "consultation.comment.verify", current.consultation, summary=str(current))
    # Raised outside the block so that the attempt counter is committed.
    if failure is not None:
        raise failure
    return current


def scores(text: str) -> tuple[float | None, float | None]:
    """(toxicity, constructiveness) from the classifier heads of the monitoring pipeline (issue C)."""
    from lantoa.monitoring.analysis import classifier

    labels = classifier().classify(text, ("toxicity", "constructive"))
    return labels.get("toxicity_score"), labels.get("constructive_score")


def _prescreen(comment: Comment) -> None:
    """Likely toxic: held (hidden pending a person's review), never deleted; the hold is logged."""
    comment.toxicity, comment.constructive = scores(comment.text)
    if comment.toxicity is not None and comment.toxicity >= toxicity_hold():
        comment.moderation = Moderation.HELD
        ModerationLog.objects.create(
            comment=comment, consultation=comment.consultation, action=ModerationAction.PRESCREEN_HOLD,
            reason=_("Điểm độc hại %(score).2f ≥ ngưỡng %(hold).2f") % {"score": comment.toxicity,
                                                                          "hold": toxicity_hold()},
            toxicity=comment.toxicity, constructive=comment.constructive, actor_label=_("Sàng lọc tự động"),
        )  # fmt: skip


def _group_duplicates(comment: Comment) -> None:
    """Put the comment in the group of its most similar verified comment of the same consultation (candidates
    from the LSH band index), or start a group of its own. Nothing is dropped: a group is counted and shown."""
    fp = fingerprint(comment.text)
    if fp is None:
        comment.duplicate_of = comment.pk
        comment.save(update_fields=["duplicate_of"])
        return
    keys = fp.band_keys()
    candidate_ids = set(
        CommentBand.objects.filter(consultation_id=comment.consultation_id, key__in=keys).values_list(
            "comment_id", flat=True
        )
    )
    best, best_similarity = comment.pk, DUPLICATE_SIMILARITY
    for other_id, group, data in Comment.objects.filter(pk__in=candidate_ids).values_list(
        "pk", "duplicate_of", "fingerprint"
    ):
        if data is None:
            continue
        similarity = fp.similarity(Fingerprint.from_bytes(bytes(data)))
        if similarity >= best_similarity:
            best, best_similarity = group or other_id, similarity
    comment.duplicate_of = best
    comment.fingerprint = fp.to_bytes()
    comment.save(update_fields=["duplicate_of", "fingerprint"])
    CommentBand.objects.bulk_create(
        [CommentBand(consultation_id=comment.consultation_id, key=key, comment=comment) for key in keys]
    )


# --- Personal data: withdrawal and retention -------------------------------------------------------------------------
def erase_contact(contact: Contact, reason: str) -> None:
    contact.email = contact.email_hash = contact.code_hash = ""
    contact.erased_at, contact.erase_reason = timezone.now(), reason
    contact.save(update_fields=["email", "email_hash", "code_hash", "erased_at", "erase_reason"])


@transaction.atomic
def withdraw(comment: Comment, *, withdraw_comment: bool) -> Comment:
    """The citizen withdraws consent: the contact is erased and the comment anonymised (kept, still counted);
    with ``withdraw_comment`` the comment itself is withdrawn too (its text erased, no longer counted)."""
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    contact = Contact.objects.select_for_update().filter(comment=current).first()
    if contact is not None and contact.erased_at is None:
        erase_contact(contact, "withdrawn")
    current.author_name = current.address_hash = ""
    fields = ["author_name", "address_hash"]
    if withdraw_comment and current.withdrawn_at is None:
        current.withdrawn_at, current.text, current.fingerprint = timezone.now(), "", None
        fields += ["withdrawn_at", "text", "fingerprint"]
        CommentBand.objects.filter(comment=current).delete()
    current.save(update_fields=fields)
    record_event(None, "consultation.comment.withdraw", current.consultation, summary=str(current))
    return current


def erase_expired_contacts() -> int:
    """Erase the contacts (and address hashes) of comments older than the retention period. The comments stay.
    The rule is the ``consultation.contact`` holder of the personal-data registry (``consultation/privacy.py``),
    applied daily with the others by ``lantoa.core.privacy.purge_personal_data``."""
    from lantoa.core import privacy

    return privacy.purge_expired(privacy.holder("consultation.contact"))
