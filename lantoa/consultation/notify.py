"""Subscribers: a citizen asks to be told when a consultation changes phase (opened, closed, report published).

Double opt-in: the address is stored unconfirmed and a signed link confirms it; each notice carries a signed link
that removes the address (withdrawal of consent is one click). Notices are mailed by the worker, one per address.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.consultation.models import Consultation, Phase, Subscriber

SALT = "consultation.subscriber"


def _link(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(f"consultation_public:{name}", args=[token])


def token_for(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=SALT)


def subscriber_for(token: str) -> Subscriber | None:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.select_related("consultation").filter(pk=pk).first()


def subscribe(consultation: Consultation, email: str, consent: bool) -> Subscriber | None:
    """Store the address unconfirmed and mail the confirmation link. A second request for the same address sends
    nothing new (None), so the form cannot be used to flood someone's mailbox."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Địa chỉ thư điện tử không hợp lệ.")) from exc
    if not consent:
        raise ValidationError(_("Cần đồng ý cho xử lý dữ liệu cá nhân để nhận thông báo."))
    if not consultation.is_public:
        raise ValidationError(_("Dự thảo chưa được công bố."))
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.create(consultation=consultation, email=email)
    except IntegrityError:
        return None
    body = _(
        "Bạn (hoặc ai đó) đã đăng ký nhận thông báo về dự thảo: %(title)s.\n\n"
        "Xác nhận đăng ký: %(confirm)s\n\nNếu không phải bạn, hãy bỏ qua thư này; địa chỉ sẽ bị xóa: %(remove)s\n"
    ) % {"title": consultation.title, "confirm": _link("confirm", token_for(subscriber)),
         "remove": _link("unsubscribe", token_for(subscriber))}  # fmt: skip
    EmailMessage(_("Xác nhận nhận thông báo góp ý dự thảo"), body, settings.DEFAULT_FROM_EMAIL, [email],
                 connection=get_connection(timeout=15)).send()  # fmt: skip
    return subscriber


def confirm(subscriber: Subscriber) -> None:
    if subscriber.confirmed_at is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=timezone.now())


def unsubscribe(subscriber: Subscriber) -> None:
    subscriber.delete()


NOTICES = {
    Phase.OPEN: "Dự thảo đã mở lấy ý kiến: %(title)s. Hạn góp ý: %(deadline)s.",
    Phase.CLOSED: "Đã hết hạn góp ý dự thảo: %(title)s. Cơ quan soạn thảo đang tổng hợp, tiếp thu, giải trình.",
    Phase.REPORTED: "Đã công bố báo cáo tiếp thu, giải trình ý kiến về dự thảo: %(title)s.",
}


def send_phase_notice(consultation_id: int, phase: str) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or phase not in NOTICES:
        return 0
    deadline = timezone.localtime(consultation.closes_at).strftime("%H:%M %d/%m/%Y") if consultation.closes_at else ""
    page = settings.SITE_URL.rstrip("/") + reverse("consultation_public:detail", args=[consultation.pk])
    sent = 0
    connection = get_connection(timeout=15)
    for subscriber in consultation.subscribers.filter(confirmed_at__isnull=False):
        text = NOTICES[Phase(phase)] % {"title": consultation.title, "deadline": deadline}
        body = f"{text}\n\n{page}\n\n" + _("Ngừng nhận thông báo và xóa địa chỉ: %(link)s") % {
            "link": _link("unsubscribe", token_for(subscriber))
        }
        EmailMessage(consultation.title[:150], body, settings.DEFAULT_FROM_EMAIL, [subscriber.email],
                     connection=connection).send()  # fmt: skip
        sent += 1
    return sent
