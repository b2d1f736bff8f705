"""Citizens' requests for information (Luật Tiếp cận thông tin 2016, arts. 23–34; reading in doc/legal.md):
received → assigned → answered or refused; extended once. ``check_*`` authorises and validates (Vietnamese
messages), ``do_*`` changes state in one transaction and writes the timeline (``InformationRequestEvent``) and the
audit log.

Who does what (also roles.py):
- the press office (press officers, administrators) enters, assigns and may act at every step;
- agency officers and spokespersons enter requests their organisation received by letter (assigned to it at once),
  and extend, answer or refuse the requests assigned to their organisation (or a unit under it);
- leaders read; the public form creates a request with no actor.

Deadlines: ``DISCLOSURE_REQUEST_WORKING_DAYS`` (10) working days after receipt of a valid request, extendable once by
``DISCLOSURE_EXTENSION_WORKING_DAYS`` (10) working days counted from the current deadline, with notice to the
requester. Information that can be provided at once is recorded as provided on the day of receipt (on the spot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import has_role, in_scope, is_province_wide, require_perm, scoped_organisation_ids
from lantoa.accounts.roles import Role
from lantoa.audit.services import record_event
from lantoa.core import calendar
from lantoa.disclosure.models import (
    OPEN_REQUEST_STATUSES,
    InformationRequest,
    InformationRequestEvent,
    ProvisionForm,
    ReceivedVia,
    RefusalGround,
    RequestAction,
    RequestAttachment,
    RequestStatus,
)
from lantoa.org.models import Organisation
from lantoa.press.services import check_attachment  # PDF/DOCX/JPG/PNG, content checked against the name

NAME_MAX = 200
INFORMATION_MAX = 5000
ANSWER_MAX = 50000


def request_working_days() -> int:
    return int(getattr(settings, "DISCLOSURE_REQUEST_WORKING_DAYS", 10))


def extension_working_days() -> int:
    return int(getattr(settings, "DISCLOSURE_EXTENSION_WORKING_DAYS", 10))


def per_ip_per_hour() -> int:
    return int(getattr(settings, "DISCLOSURE_REQUESTS_PER_IP_PER_HOUR", 5))


def deadline_for(received_on: date) -> date:
    """The N-th working day after the day a valid request was received (the day of receipt is not counted)."""
    return calendar.add_working_days(received_on, request_working_days())


def extended_deadline(deadline: date) -> date:
    return calendar.add_working_days(deadline, extension_working_days())


def client_hash(ip: str) -> str:
    return salted_hmac("lantoa.disclosure.request-ip", ip, algorithm="sha256").hexdigest() if ip else ""


# --- Visibility ----------------------------------------------------------------------------------------------------


def visible_requests(user: User) -> QuerySet[InformationRequest]:
    """Everything for the province-wide roles; for agencies, the requests assigned to their organisation subtree."""
    require_perm(user, "disclosure.view_informationrequest")
    requests = InformationRequest.objects.all()
    scope = scoped_organisation_ids(user)
    if scope is not None:
        requests = requests.filter(organisation_id__in=scope)
    return requests


def check_can_view(user: User, request: InformationRequest) -> None:
    require_perm(user, "disclosure.view_informationrequest")
    if not in_scope(user, request.organisation_id):
        raise PermissionDenied(_("Yêu cầu này do cơ quan khác giải quyết, bạn không có quyền truy cập."))


def is_press_office(user: User) -> bool:
    return bool(user.is_superuser or has_role(user, Role.ADMINISTRATOR, Role.PRESS_OFFICER))


def can_work(user: User, request: InformationRequest) -> bool:
    """Extend, answer, refuse: the press office, or the assigned organisation's own people."""
    if not user.has_perm("disclosure.change_informationrequest"):
        return False
    if is_press_office(user):
        return True
    return (
        request.organisation_id is not None and not is_province_wide(user) and in_scope(user, request.organisation_id)
    )


def _check_work(actor: User, request: InformationRequest) -> None:
    require_perm(actor, "disclosure.change_informationrequest")
    if not can_work(actor, request):
        raise PermissionDenied(_("Yêu cầu này do cơ quan khác giải quyết, bạn không có quyền thao tác."))
    if request.status == RequestStatus.RECEIVED:
        raise ValidationError(_("Yêu cầu chưa được giao cơ quan giải quyết."))
    if request.status not in OPEN_REQUEST_STATUSES:
        message = _("Yêu cầu đã kết thúc (“%(status)s”), không thao tác thêm được.")
        raise ValidationError(message % {"status": request.get_status_display()})


def _locked(request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


def _event(actor: User | None, request: InformationRequest, action: RequestAction, before: str, note: str = "") -> None:
    label = (actor.get_full_name() or actor.get_username()) if actor is not None else _("Người yêu cầu (biểu mẫu)")
    InformationRequestEvent.objects.create(
        request=request, actor=actor, actor_label=label, action=action, from_status=before,
        to_status=request.status if request.status != before else "", note=note,
    )  # fmt: skip
    record_event(
        actor, f"disclosure.request.{action}", request, organisation=request.organisation,
        changes={"status": [before, request.status]} if before != request.status else None, summary=note[:300],
    )  # fmt: skip


# --- Receiving -----------------------------------------------------------------------------------------------------


@dataclass
class Submission:
    name: str
    address: str
    email: str
    phone: str
    information: str
    purpose: str
    provision_form: str


def check_submission(submission: Submission) -> None:
    """Art. 24 as we read it: who asks, how to reach them, what they ask and in which form. At least one contact
    (address, e-mail or phone) is required: without one the answer cannot be delivered."""
    errors: dict[str, list[str]] = {}
    if not submission.name.strip():
        errors["name"] = [_("Hãy nhập họ và tên người yêu cầu.")]
    elif len(submission.name) > NAME_MAX:
        errors["name"] = [_("Họ và tên quá dài (tối đa %(n)d ký tự).") % {"n": NAME_MAX}]
    if not (submission.address.strip() or submission.email.strip() or submission.phone.strip()):
        errors["contact"] = [
            _("Yêu cầu chưa có thông tin liên hệ: hãy nhập địa chỉ, thư điện tử hoặc số điện thoại để nhận trả lời.")
        ]
    if submission.email.strip():
        try:
            validate_email(submission.email.strip())
        except ValidationError:
            errors["email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
    phone = submission.phone.strip()
    if phone and (len(phone) > 20 or not all(ch.isdigit() or ch in " +.-()" for ch in phone)):
        errors["phone"] = [_("Số điện thoại không hợp lệ.")]
    if not submission.information.strip():
        errors["information"] = [_("Hãy nêu thông tin cần cung cấp.")]
    elif len(submission.information) > INFORMATION_MAX:
        errors["information"] = [_("Nội dung yêu cầu quá dài (tối đa %(n)d ký tự).") % {"n": INFORMATION_MAX}]
    if submission.provision_form not in ProvisionForm.values:
        errors["provision_form"] = [_("Hãy chọn hình thức nhận thông tin.")]
    if errors:
        raise ValidationError(errors)


def do_submit_public(
    submission: Submission, addressed_to: Organisation | None, ip: str, today: date | None = None
) -> InformationRequest:
    """The public form: a valid request received today, waiting for the press office to assign it. Refused
    submissions store nothing; the client address is kept only as a keyed hash, to count submissions per hour."""
    check_submission(submission)
    hashed = client_hash(ip)
    if hashed:
        since = timezone.now() - timedelta(hours=1)
        if InformationRequest.objects.filter(client_hash=hashed, created_at__gte=since).count() >= per_ip_per_hour():
            raise ValidationError(_("Bạn đã gửi nhiều yêu cầu trong một giờ qua. Hãy thử lại sau."))
    return _create(None, submission, ReceivedVia.FORM, today or timezone.localdate(), addressed_to, None, hashed)


def do_enter(
    actor: User, submission: Submission, *, received_via: str, received_on: date | None,
    organisation: Organisation | None = None, today: date | None = None,
) -> InformationRequest:  # fmt: skip
    """An officer enters a request received by letter, in person or by e-mail. An agency's own officer enters it
    for their organisation (assigned at once); the press office may assign it at once or later."""
    require_perm(actor, "disclosure.add_informationrequest")
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    try:
        check_submission(submission)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if received_via not in ReceivedVia.values:
        errors["received_via"] = [_("Hãy chọn cách tiếp nhận.")]
    if received_on is None:
        errors["received_on"] = [_("Hãy nhập ngày nhận yêu cầu (dd/mm/yyyy).")]
    elif received_on > today:
        errors["received_on"] = [_("Ngày nhận không được sau ngày hôm nay.")]
    if not is_press_office(actor):
        if actor.organisation is None:
            raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan nào."))
        organisation = actor.organisation
    if organisation is not None and not organisation.is_active:
        errors["organisation"] = [_("Cơ quan này không còn hoạt động.")]
    if errors:
        raise ValidationError(errors)
    assert received_on is not None  # noqa: S101 - checked above
    return _create(actor, submission, received_via, received_on, None, organisation, "")


@transaction.atomic
def _create(
    actor: User | None, submission: Submission, via: str, received_on: date, addressed_to: Organisation | None,
    organisation: Organisation | None, hashed: str,
) -> InformationRequest:  # fmt: skip
    deadline = deadline_for(received_on)
    request = InformationRequest.objects.create(
        requester_name=submission.name.strip(), requester_address=submission.address.strip()[:300],
        requester_email=submission.email.strip(), requester_phone=submission.phone.strip(),
        information=submission.information.strip(), purpose=submission.purpose.strip()[:1000],
        provision_form=submission.provision_form, received_via=via, received_on=received_on,
        addressed_to=addressed_to, original_deadline=deadline, deadline=deadline, created_by=actor,
        client_hash=hashed,
    )  # fmt: skip
    _event(actor, request, RequestAction.CREATE, "", note=request.get_received_via_display())
    if organisation is not None:
        request.organisation, request.status = organisation, RequestStatus.ASSIGNED
        request.save(update_fields=["organisation", "status"])
        _event(actor, request, RequestAction.ASSIGN, RequestStatus.RECEIVED, note=organisation.name)
    return request


# --- Transitions ---------------------------------------------------------------------------------------------------


@transaction.atomic
def do_assign(
    actor: User, request: InformationRequest, organisation: Organisation | None, note: str = ""
) -> InformationRequest:
    current = _locked(request)
    require_perm(actor, "disclosure.assign_informationrequest")
    if current.status not in OPEN_REQUEST_STATUSES:
        raise ValidationError(_("Yêu cầu đã kết thúc, không giao lại được."))
    if organisation is None:
        raise ValidationError({"organisation": [_("Hãy chọn cơ quan giải quyết.")]})
    if not organisation.is_active:
        raise ValidationError({"organisation": [_("Cơ quan này không còn hoạt động.")]})
    before = current.status
    current.organisation, current.status = organisation, RequestStatus.ASSIGNED
    current.save(update_fields=["organisation", "status"])
    note = " — ".join(filter(None, [organisation.name, note.strip()]))
    _event(actor, current, RequestAction.ASSIGN, before, note=note)
    return current


@transaction.atomic
def do_extend(actor: User, request: InformationRequest, reason: str, today: date | None = None) -> InformationRequest:
    """Once only, before the deadline has passed, with a reason; the requester is told (by e-mail when they gave
    one; otherwise the officer notifies them by the contact they gave, and the timeline says so)."""
    current = _locked(request)
    _check_work(actor, current)
    today = today or timezone.localdate()
    if current.extended_on is not None:
        raise ValidationError(_("Yêu cầu đã được gia hạn một lần; luật chỉ cho phép gia hạn một lần."))
    if today > current.deadline:
        raise ValidationError(
            _("Đã quá hạn giải quyết (%(day)s), không gia hạn được.") % {"day": f"{current.deadline:%d/%m/%Y}"}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy nêu lý do gia hạn.")]})
    before = current.status
    current.deadline = extended_deadline(current.original_deadline)
    current.extended_on, current.extension_reason = today, reason.strip()
    current.save(update_fields=["deadline", "extended_on", "extension_reason"])
    notice = _("Hạn mới: %(day)s.") % {"day": f"{current.deadline:%d/%m/%Y}"}
    if current.requester_email:
        _notify_extension(current)
        notice += " " + _("Đã gửi thông báo gia hạn qua thư điện tử.")
    else:
        notice += " " + _("Người yêu cầu không có thư điện tử: cơ quan thông báo bằng văn bản hoặc điện thoại.")
    _event(actor, current, RequestAction.EXTEND, before, note=f"{current.extension_reason} — {notice}")
    return current


def _notify_extension(request: InformationRequest) -> None:
    subject = _("Gia hạn giải quyết yêu cầu cung cấp thông tin %(ref)s") % {"ref": request.reference}
    body = _(
        "Kính gửi %(name)s,\n\nYêu cầu cung cấp thông tin %(ref)s nhận ngày %(received)s được gia hạn giải quyết "
        "đến ngày %(deadline)s.\nLý do: %(reason)s\n\n%(org)s"
    ) % {
        "name": request.requester_name, "ref": request.reference, "received": f"{request.received_on:%d/%m/%Y}",
        "deadline": f"{request.deadline:%d/%m/%Y}", "reason": request.extension_reason,
        "org": request.organisation.name if request.organisation else "",
    }  # fmt: skip
    email = request.requester_email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))


def _check_day(errors: dict[str, list[str]], request: InformationRequest, day: date | None, today: date) -> None:
    if day is None:
        errors["answered_on"] = [_("Hãy nhập ngày cung cấp, trả lời (dd/mm/yyyy).")]
    elif day > today:
        errors["answered_on"] = [_("Ngày trả lời không được sau ngày hôm nay.")]
    elif day < request.received_on:
        errors["answered_on"] = [_("Ngày trả lời không được trước ngày nhận yêu cầu.")]


def do_answer(
    actor: User, request: InformationRequest, *, text: str, provided_how: str, answered_on: date | None,
    upload: UploadedFile | None = None, today: date | None = None,
) -> InformationRequest:  # fmt: skip
    """Record the information provided (text and/or a file) and how. Provided on the day of receipt is the
    "provided at once" case of the law."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not text.strip() and upload is None:
        errors["text"] = [_("Hãy nhập nội dung cung cấp hoặc đính kèm tệp.")]
    elif len(text) > ANSWER_MAX:
        errors["text"] = [_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": ANSWER_MAX}]
    if provided_how not in ProvisionForm.values:
        errors["provided_how"] = [_("Hãy chọn hình thức đã cung cấp.")]
    _check_day(errors, request, answered_on, today)
    if upload is not None:
        try:
            check_attachment(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    written: list[str] = []
    try:
        with transaction.atomic():
            current = _locked(request)
            _check_work(actor, current)
            if errors:
                raise ValidationError(errors)
            before = current.status
            current.status, current.answer_text = RequestStatus.ANSWERED, text.strip()
            current.provided_how, current.answered_on = provided_how, answered_on
            current.save(update_fields=["status", "answer_text", "provided_how", "answered_on"])
            if upload is not None:
                attachment = RequestAttachment(
                    request=current, name=PurePath(upload.name or "tep").name[:255], size=upload.size or 0,
                    content_type=check_attachment(upload), uploaded_by=actor,
                )  # fmt: skip
                attachment.file.save(attachment.name, upload, save=False)
                written.append(attachment.file.name)
                attachment.save()
            summary = f"{current.get_provided_how_display()} ({answered_on:%d/%m/%Y})"
            _event(actor, current, RequestAction.ANSWER, before, note=summary)
    except BaseException:
        from django.core.files.storage import default_storage

        for path in written:
            default_storage.delete(path)
        raise
    return current


@transaction.atomic
def do_refuse(
    actor: User, request: InformationRequest, *, ground: str, reason: str, answered_on: date | None,
    today: date | None = None,
) -> InformationRequest:  # fmt: skip
    """Refusal is notified in writing with its reason: a ground from the law's list and the officer's words."""
    current = _locked(request)
    _check_work(actor, current)
    errors: dict[str, list[str]] = {}
    if ground not in RefusalGround.values:
        errors["ground"] = [_("Hãy chọn căn cứ từ chối.")]
    if not reason.strip():
        errors["reason"] = [_("Hãy nêu rõ lý do từ chối để thông báo cho người yêu cầu.")]
    _check_day(errors, current, answered_on, today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.status, current.refusal_ground, current.refusal_reason = RequestStatus.REFUSED, ground, reason.strip()
    current.answered_on = answered_on
    current.save(update_fields=["status", "refusal_ground", "refusal_reason", "answered_on"])
    note = f"{current.get_refusal_ground_display()}: {current.refusal_reason}"
    _event(actor, current, RequestAction.REFUSE, before, note=note)
    return current
