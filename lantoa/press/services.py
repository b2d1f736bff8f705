"""Press-request workflow (Luật Báo chí 2016, art. 43): received → assigned → drafting → approved → answered →
closed, reopened with a reason. ``check_*`` authorises and validates (Vietnamese messages), ``do_*`` changes state
inside one transaction and writes both the request's timeline (``PressRequestEvent``) and the audit log.

Who does what (also in doc/legal.md and roles.py):
- the press office (press officers, administrators) opens, routes, closes, reopens and publishes, and may act at
  every step, including recording an approval given by the head/spokesperson (with a note saying whose and how);
- an agency officer or spokesperson opens requests addressed to their own organisation, drafts, attaches and records
  the answer for requests assigned to their organisation (or a unit under it); only the spokesperson approves;
- leaders read everything; users without a role see nothing.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import has_role, in_scope, is_province_wide, require_perm, scoped_organisation_ids
from lantoa.accounts.roles import Role
from lantoa.audit.services import record_event
from lantoa.core import calendar
from lantoa.monitoring.models import Item, ItemPlace, Story
from lantoa.org.gazetteer import agencies_for
from lantoa.org.models import Organisation, Outlet
from lantoa.press.models import (
    OPEN_STATUSES,
    AnswerChannel,
    AttachmentKind,
    EventAction,
    LegalType,
    PressAttachment,
    PressRequest,
    PressRequestEvent,
    Status,
)

# Press Law 2016 art. 43(1) and 43(2): both kinds of request are answered within 30 days of receipt.
LEGAL_DAYS = 30
ISSUE_MAX_CHARS = 5000
ANSWER_MAX_CHARS = 50000
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def internal_deadline_days() -> int:
    """Working days the press office gives the organisation (its own rule, stricter than the law's 30 days)."""
    return int(getattr(settings, "PRESS_INTERNAL_DEADLINE_WORKING_DAYS", 10))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PRESS_MAX_ATTACHMENT_MB", 20)) * 1024 * 1024


def deadlines_for(received_on: date) -> tuple[date, date]:
    """(legal, internal). Legal: 30 days counted as the Civil Code 2015 counts periods (arts. 147–148, see
    ``core.calendar``): from the day after receipt, weekends included, moved to the next working day when the 30th
    day is a day off. Internal: N working days, never later than the legal deadline."""
    legal = calendar.legal_deadline(received_on, LEGAL_DAYS)
    internal = min(calendar.add_working_days(received_on, internal_deadline_days()), legal)
    return legal, internal


# --- Visibility ----------------------------------------------------------------------------------------------------


def visible_requests(user: User) -> QuerySet[PressRequest]:
    """Everything for the province-wide roles; for agencies, the requests assigned to their organisation subtree."""
    require_perm(user, "press.view_pressrequest")
    requests = PressRequest.objects.all()
    scope = scoped_organisation_ids(user)
    if scope is not None:
        requests = requests.filter(organisation_id__in=scope)
    return requests


def check_can_view(user: User, request: PressRequest) -> None:
    require_perm(user, "press.view_pressrequest")
    if not in_scope(user, request.organisation_id):
        raise PermissionDenied(_("Yêu cầu này do cơ quan khác xử lý, bạn không có quyền truy cập."))


def _is_press_office(user: User) -> bool:
    return bool(user.is_superuser or has_role(user, Role.ADMINISTRATOR, Role.PRESS_OFFICER))


def _check_work(actor: User, request: PressRequest) -> None:
    """Drafting, attaching, recording the answer: the press office, or the assigned organisation's own people."""
    require_perm(actor, "press.change_pressrequest")
    if _is_press_office(actor):
        return
    if request.organisation_id is None or is_province_wide(actor) or not in_scope(actor, request.organisation_id):
        raise PermissionDenied(_("Yêu cầu này do cơ quan khác xử lý, bạn không có quyền thao tác."))


def _check_status(request: PressRequest, allowed: Sequence[str], message: str) -> None:
    if request.status not in allowed:
        raise ValidationError(message % {"status": request.get_status_display()})


def _locked(request: PressRequest) -> PressRequest:
    return PressRequest.objects.select_for_update().get(pk=request.pk)


def _event(
    actor: User | None, request: PressRequest, action: EventAction, before: str, note: str = "", audit: str = ""
) -> PressRequestEvent:
    label = (actor.get_full_name() or actor.get_username()) if actor is not None else _("Hệ thống")
    event = PressRequestEvent.objects.create(
        request=request, actor=actor, actor_label=label, action=action, from_status=before,
        to_status=request.status if request.status != before else "", note=note,
    )  # fmt: skip
    record_event(
        actor, f"press.request.{audit or action}", request, organisation=request.organisation,
        changes={"status": [before, request.status]} if before != request.status else None, summary=note[:300],
    )  # fmt: skip
    return event


# --- Routing -------------------------------------------------------------------------------------------------------


def suggest_organisations(story: Story | None) -> list[Organisation]:
    """Who should answer: the bodies in charge of the story's sector (``gazetteer.agencies_for``), then the People's
    Committees of the communes/wards it names (``Organisation.commune``). An officer confirms in the assign step."""
    if story is None:
        return []
    items = Item.objects.filter(story=story)
    sectors = Counter(sector for sector in items.values_list("sector", flat=True) if sector)
    codes: list[str] = []
    for sector, _count in sectors.most_common():
        codes += [code for code in agencies_for(sector) if code not in codes]
    named_agencies = Counter(code for agencies in items.values_list("agencies", flat=True) for code in agencies or [])
    codes += [code for code, _count in named_agencies.most_common() if code not in codes]
    found = {org.code: org for org in Organisation.objects.filter(code__in=codes, is_active=True)}
    suggested = [found[code] for code in codes if code in found]
    unit_codes = Counter(
        ItemPlace.objects.filter(item__story=story).exclude(unit_code="").values_list("unit_code", flat=True)
    )
    communes = Organisation.objects.filter(
        commune__code__in=[int(code) for code in unit_codes if code.isdigit()], is_active=True
    ).select_related("commune")
    by_unit = {f"{org.commune.code:05d}": org for org in communes if org.commune is not None}
    suggested += [by_unit[code] for code, _count in unit_codes.most_common() if code in by_unit]
    return suggested[:8]


def outlet_of(story: Story) -> Outlet | None:
    """The press agency behind a story: the outlet of its first copy, else of any copy."""
    first = Item.objects.filter(pk=story.first_item_id or 0, outlet__isnull=False).select_related("outlet").first()
    if first is not None:
        return first.outlet
    other = Item.objects.filter(story=story, outlet__isnull=False).select_related("outlet").order_by("id").first()
    return other.outlet if other is not None else None


# --- Attachments ---------------------------------------------------------------------------------------------------


def check_attachment(upload: UploadedFile) -> str:
    """PDF, Word (.docx) or an image (JPG, PNG), at most PRESS_MAX_ATTACHMENT_MB; the content must match the name
    (a renamed executable is refused). Returns the content type to serve it with."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại: chỉ nhận PDF, Word (.docx) hoặc ảnh JPG, PNG.") % {"name": name}
        )
    limit = max_attachment_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size).1f MB); dung lượng tối đa là %(max)d MB.")
            % {"name": name, "size": size / 1048576, "max": limit // 1048576}
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if suffix == ".pdf":
        matches = head.startswith(b"%PDF-")
    elif suffix == ".docx":
        matches = head.startswith(b"PK\x03\x04") and _is_docx(upload)
    elif suffix == ".png":
        matches = head.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        matches = head.startswith(b"\xff\xd8\xff")
    if not matches:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với loại %(kind)s.") % {"name": name, "kind": suffix[1:].upper()}
        )
    return ALLOWED_TYPES[suffix]


def _is_docx(upload: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _store_attachment(
    actor: User | None, request: PressRequest, upload: UploadedFile, kind: str, written: list[str]
) -> PressAttachment:
    """Save the file (last step of a transaction) and its row. ``written`` collects the stored path so that the
    caller removes the file if the transaction rolls back: nothing is left stored partially."""
    content_type = check_attachment(upload)
    attachment = PressAttachment(
        request=request, kind=kind, name=PurePath(upload.name or "tep").name[:255], size=upload.size or 0,
        content_type=content_type, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(attachment.name, upload, save=False)
    written.append(attachment.file.name)
    attachment.save()
    return attachment


def _discard(written: list[str]) -> None:
    from django.core.files.storage import default_storage

    for path in written:
        default_storage.delete(path)


# --- Creating ------------------------------------------------------------------------------------------------------


def check_create(
    actor: User, *, outlet: Outlet | None, issue: str, legal_type: str, received_on: date | None,
    letter_date: date | None = None, story: Story | None = None, today: date | None = None,
) -> None:  # fmt: skip
    require_perm(actor, "press.add_pressrequest")
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if outlet is None:
        errors["outlet"] = [_("Chưa chọn cơ quan báo chí gửi yêu cầu.")]
    if not issue.strip():
        errors["issue"] = [_("Hãy nêu vấn đề cơ quan báo chí đề nghị trả lời.")]
    elif len(issue) > ISSUE_MAX_CHARS:
        errors["issue"] = [_("Nội dung vấn đề quá dài (tối đa %(n)d ký tự).") % {"n": ISSUE_MAX_CHARS}]
    if legal_type not in LegalType.values:
        errors["legal_type"] = [_("Hãy chọn loại yêu cầu theo Điều 43 Luật Báo chí.")]
    if received_on is None:
        errors["received_on"] = [_("Hãy nhập ngày nhận yêu cầu (dd/mm/yyyy).")]
    elif received_on > today:
        errors["received_on"] = [_("Ngày nhận không được sau ngày hôm nay.")]
    if letter_date is not None and received_on is not None and letter_date > received_on:
        errors["letter_date"] = [_("Ngày văn bản không được sau ngày nhận.")]
    if errors:
        raise ValidationError(errors)
    if story is not None:
        existing = PressRequest.objects.filter(story=story, status__in=OPEN_STATUSES).first()
        if existing is not None:
            raise ValidationError(_duplicate_message(existing), code="duplicate")


def _duplicate_message(existing: PressRequest) -> str:
    return _(
        "Sự kiện tin này đã có yêu cầu phản hồi đang xử lý: %(ref)s (nhận ngày %(day)s, %(status)s). "
        "Hãy tiếp tục trên yêu cầu đó."
    ) % {"ref": existing.reference, "day": f"{existing.received_on:%d/%m/%Y}", "status": existing.get_status_display()}


def do_create(
    actor: User, *, outlet: Outlet | None, issue: str, legal_type: str, received_on: date | None,
    letter_number: str = "", letter_date: date | None = None, story: Story | None = None,
    items: Sequence[Item] = (), letter: UploadedFile | None = None, today: date | None = None,
) -> PressRequest:  # fmt: skip
    """Open a request. An agency officer/spokesperson opens it for their own organisation (assigned at once); the
    press office's requests wait for the assign step, with the suggested organisations stored."""
    check_create(
        actor, outlet=outlet, issue=issue, legal_type=legal_type, received_on=received_on, letter_date=letter_date,
        story=story, today=today,
    )  # fmt: skip
    if letter is not None:
        check_attachment(letter)
    if outlet is None or received_on is None:  # pragma: no cover - check_create refused these
        raise ValidationError(_("Thiếu cơ quan báo chí hoặc ngày nhận."))
    legal, internal = deadlines_for(received_on)
    written: list[str] = []
    try:
        with transaction.atomic():
            request = PressRequest.objects.create(
                outlet=outlet, issue=issue.strip(), legal_type=legal_type, story=story, received_on=received_on,
                letter_number=letter_number.strip()[:100], letter_date=letter_date, legal_deadline=legal,
                internal_deadline=internal, created_by=actor,
                suggested=[org.code for org in suggest_organisations(story)],
            )  # fmt: skip
            if story is not None and not items:
                items = list(Item.objects.filter(story=story))
            if items:
                request.items.set(items)
            _event(actor, request, EventAction.CREATE, "", note=request.get_legal_type_display(), audit="create")
            if letter is not None:
                _store_attachment(actor, request, letter, AttachmentKind.LETTER, written)
            if not _is_press_office(actor) and actor.organisation_id is not None:
                before = request.status
                request.organisation_id, request.status = actor.organisation_id, Status.ASSIGNED
                request.save(update_fields=["organisation", "status"])
                _event(actor, request, EventAction.ASSIGN, before, note=str(request.organisation))
    except IntegrityError:  # another officer opened one for the same story a moment ago
        _discard(written)
        existing = PressRequest.objects.filter(story=story, status__in=OPEN_STATUSES).first()
        if existing is None:
            raise
        raise ValidationError(_duplicate_message(existing), code="duplicate") from None
    except BaseException:
        _discard(written)
        raise
    return request


def do_create_from_story(actor: User, story: Story, today: date | None = None) -> PressRequest:
    """The one-click "Yêu cầu phản hồi" of a story page: the story's outlet, title and copies, received today, a
    request for an answer on the press (art. 43(1)). Without a known outlet it stops with the "missing press agency"
    error and the officer completes the form."""
    return do_create(
        actor, outlet=outlet_of(story), issue=story.title, legal_type=LegalType.ANSWER,
        received_on=today or timezone.localdate(), story=story, today=today,
    )  # fmt: skip


# --- Transitions ---------------------------------------------------------------------------------------------------


def check_assign(actor: User, request: PressRequest, organisation: Organisation | None) -> None:
    require_perm(actor, "press.assign_pressrequest")
    _check_status(
        request, (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTING),
        _("Không giao lại được: yêu cầu đang ở trạng thái “%(status)s”."),
    )  # fmt: skip
    if organisation is None:
        raise ValidationError({"organisation": [_("Hãy chọn cơ quan chủ trì trả lời.")]})
    if not organisation.is_active:
        raise ValidationError({"organisation": [_("Cơ quan này không còn hoạt động.")]})


@transaction.atomic
def do_assign(actor: User, request: PressRequest, organisation: Organisation | None, note: str = "") -> PressRequest:
    current = _locked(request)
    check_assign(actor, current, organisation)
    if organisation is None:  # pragma: no cover - check_assign refused it
        raise ValidationError(_("Hãy chọn cơ quan chủ trì trả lời."))
    before = current.status
    current.organisation = organisation
    if current.status == Status.RECEIVED:
        current.status = Status.ASSIGNED
    current.save(update_fields=["organisation", "status"])
    _event(actor, current, EventAction.ASSIGN, before, note=" — ".join(filter(None, [organisation.name, note.strip()])))
    return current


def check_draft(actor: User, request: PressRequest, answer_text: str) -> None:
    _check_work(actor, request)
    _check_status(
        request, (Status.ASSIGNED, Status.DRAFTING, Status.APPROVED),
        _("Không soạn được nội dung trả lời khi yêu cầu ở trạng thái “%(status)s”."),
    )  # fmt: skip
    if not answer_text.strip():
        raise ValidationError({"answer_text": [_("Nội dung trả lời đang trống.")]})
    if len(answer_text) > ANSWER_MAX_CHARS:
        raise ValidationError(
            {"answer_text": [_("Nội dung trả lời quá dài (tối đa %(n)d ký tự).") % {"n": ANSWER_MAX_CHARS}]}
        )


@transaction.atomic
def do_save_draft(actor: User, request: PressRequest, answer_text: str, note: str = "") -> PressRequest:
    """Write or revise the answer. Revising an approved answer withdraws the approval: what is sent to the press
    must be what was approved."""
    current = _locked(request)
    check_draft(actor, current, answer_text)
    before = current.status
    current.answer_text = answer_text.strip()
    current.status = Status.DRAFTING
    current.approved_by, current.approved_at, current.approval_note = None, None, ""
    current.save(update_fields=["answer_text", "status", "approved_by", "approved_at", "approval_note"])
    withdrawn = _("Đã rút lại phê duyệt trước đó.") if before == Status.APPROVED else ""
    _event(actor, current, EventAction.DRAFT, before, note=" ".join(filter(None, [note.strip(), withdrawn])))
    return current


def check_approve(actor: User, request: PressRequest, note: str = "") -> None:
    """The head or spokesperson of the assigned organisation (a spokesperson whose scope covers it) approves; the
    press office may record an approval given by them (by phone, on paper), and must say so in the note."""
    require_perm(actor, "press.approve_pressrequest")
    if request.status == Status.APPROVED:
        raise ValidationError(_("Nội dung trả lời đã được duyệt."))
    _check_status(
        request, (Status.DRAFTING,),
        _("Chỉ duyệt được khi đã có nội dung trả lời (trạng thái hiện tại: “%(status)s”)."),
    )  # fmt: skip
    if not request.answer_text.strip():
        raise ValidationError(_("Chưa có nội dung trả lời để duyệt."))
    if _is_press_office(actor):
        if not note.strip():
            message = _(
                "Cán bộ báo chí duyệt thay phải ghi rõ người đứng đầu/người phát ngôn đã đồng ý và hình thức "
                "(ví dụ: “Giám đốc Sở đồng ý qua điện thoại lúc 9h”)."
            )
            raise ValidationError({"note": [message]})
        return
    if not (has_role(actor, Role.SPOKESPERSON) and in_scope(actor, request.organisation_id)):
        raise PermissionDenied(_("Chỉ người phát ngôn của cơ quan chủ trì được duyệt nội dung trả lời."))


@transaction.atomic
def do_approve(actor: User, request: PressRequest, note: str = "") -> PressRequest:
    current = _locked(request)
    check_approve(actor, current, note)
    before = current.status
    current.status = Status.APPROVED
    current.approved_by, current.approved_at, current.approval_note = actor, timezone.now(), note.strip()[:500]
    current.save(update_fields=["status", "approved_by", "approved_at", "approval_note"])
    on_behalf = _("Cán bộ báo chí ghi nhận thay:") if _is_press_office(actor) else ""
    _event(actor, current, EventAction.APPROVE, before, note=" ".join(filter(None, [on_behalf, note.strip()])))
    return current


def check_answer(
    actor: User, request: PressRequest, *, channel: str, where: str, url: str, answered_on: date | None,
    today: date | None = None,
) -> None:  # fmt: skip
    _check_work(actor, request)
    if request.status in (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTING):
        raise ValidationError(
            _("Nội dung trả lời chưa được người đứng đầu hoặc người phát ngôn duyệt; không thể trả lời báo chí.")
        )
    _check_status(request, (Status.APPROVED,), _("Yêu cầu đang ở trạng thái “%(status)s”, không trả lời lại được."))
    errors: dict[str, list[str]] = {}
    if channel not in AnswerChannel.values:
        errors["channel"] = [_("Hãy chọn hình thức trả lời.")]
    if not where.strip():
        errors["where"] = [_("Hãy ghi nơi đăng hoặc nơi gửi câu trả lời (tên báo, số văn bản…).")]
    if answered_on is None:
        errors["answered_on"] = [_("Hãy nhập ngày trả lời (dd/mm/yyyy).")]
    elif answered_on > (today or timezone.localdate()):
        errors["answered_on"] = [_("Ngày trả lời không được sau ngày hôm nay.")]
    elif answered_on < request.received_on:
        errors["answered_on"] = [_("Ngày trả lời không được trước ngày nhận yêu cầu.")]
    if url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Địa chỉ bài trả lời không hợp lệ (cần bắt đầu bằng http:// hoặc https://).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_answer(
    actor: User, request: PressRequest, *, channel: str, where: str, url: str = "", answered_on: date | None,
    note: str = "", today: date | None = None,
) -> PressRequest:  # fmt: skip
    current = _locked(request)
    check_answer(actor, current, channel=channel, where=where, url=url, answered_on=answered_on, today=today)
    before = current.status
    current.status = Status.ANSWERED
    current.answer_channel, current.answer_where, current.answer_url = channel, where.strip()[:300], url.strip()
    current.answered_on = answered_on
    current.save(update_fields=["status", "answer_channel", "answer_where", "answer_url", "answered_on"])
    summary = f"{current.get_answer_channel_display()}: {current.answer_where} ({answered_on:%d/%m/%Y})"
    _event(actor, current, EventAction.ANSWER, before, note=" — ".join(filter(None, [summary, note.strip()])))
    return current


@transaction.atomic
def do_close(actor: User, request: PressRequest, note: str = "") -> PressRequest:
    current = _locked(request)
    require_perm(actor, "press.close_pressrequest")
    _check_status(current, (Status.ANSWERED,), _("Chỉ đóng được yêu cầu đã trả lời (hiện tại: “%(status)s”)."))
    before = current.status
    current.status, current.closed_at = Status.CLOSED, timezone.now()
    current.save(update_fields=["status", "closed_at"])
    _event(actor, current, EventAction.CLOSE, before, note=note.strip())
    return current


@transaction.atomic
def do_reopen(actor: User, request: PressRequest, reason: str) -> PressRequest:
    """Back to drafting (e.g. the press agency asks again, the answer was incomplete). The approval, the answer's
    record and its publication are withdrawn: the next answer goes through approval again and is counted anew."""
    current = _locked(request)
    require_perm(actor, "press.close_pressrequest")
    _check_status(
        current, (Status.ANSWERED, Status.CLOSED),
        _("Chỉ mở lại được yêu cầu đã trả lời hoặc đã đóng (hiện tại: “%(status)s”)."),
    )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"note": [_("Hãy nêu lý do mở lại.")]})
    if current.story_id is not None:
        other = PressRequest.objects.filter(story_id=current.story_id, status__in=OPEN_STATUSES).exclude(pk=current.pk)
        if (existing := other.first()) is not None:
            raise ValidationError(_duplicate_message(existing))
    before = current.status
    current.status = Status.DRAFTING if current.organisation_id else Status.RECEIVED
    current.approved_by, current.approved_at, current.approval_note = None, None, ""
    current.answered_on, current.closed_at = None, None
    current.published, current.published_at = False, None
    current.save()
    _event(actor, current, EventAction.REOPEN, before, note=reason.strip())
    return current


def do_attach(actor: User, request: PressRequest, upload: UploadedFile | None, kind: str) -> PressAttachment:
    if upload is None:
        raise ValidationError({"file": [_("Hãy chọn tệp để tải lên.")]})
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("Loại tài liệu không hợp lệ.")]})
    check_attachment(upload)
    written: list[str] = []
    try:
        with transaction.atomic():
            current = _locked(request)
            _check_work(actor, current)
            _check_status(current, (*OPEN_STATUSES, Status.ANSWERED), _("Yêu cầu đã đóng, không đính kèm thêm được."))
            _event(actor, current, EventAction.ATTACH, current.status, note=PurePath(upload.name or "").name)
            attachment = _store_attachment(actor, current, upload, kind, written)
    except BaseException:
        _discard(written)
        raise
    return attachment


@transaction.atomic
def do_publish(actor: User, request: PressRequest, public_title: str, *, no_personal_data: bool) -> PressRequest:
    """Put the answer on the public page. Only a title the officer writes and the answer text are shown there
    (never the letter, the attachments or the timeline); the officer confirms neither holds a citizen's personal
    data (Decree 13/2023/NĐ-CP)."""
    current = _locked(request)
    require_perm(actor, "press.publish_pressrequest")
    _check_status(
        current, (Status.ANSWERED, Status.CLOSED), _("Chỉ công khai được câu trả lời đã gửi (hiện tại: “%(status)s”).")
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    if not public_title.strip():
        errors["public_title"] = [_("Hãy nhập tiêu đề công khai.")]
    if not no_personal_data:
        errors["no_personal_data"] = [_("Hãy xác nhận nội dung công khai không chứa thông tin cá nhân của người dân.")]
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.published, current.published_at, current.public_title = True, timezone.now(), public_title.strip()[:300]
    current.save(update_fields=["published", "published_at", "public_title"])
    _event(actor, current, EventAction.PUBLISH, before, note=current.public_title)
    return current


@transaction.atomic
def do_unpublish(actor: User, request: PressRequest, note: str = "") -> PressRequest:
    current = _locked(request)
    require_perm(actor, "press.publish_pressrequest")
    if not current.published:
        raise ValidationError(_("Câu trả lời này chưa được công khai."))
    current.published = False
    current.save(update_fields=["published"])
    _event(actor, current, EventAction.UNPUBLISH, current.status, note=note.strip())
    return current


def public_answers() -> QuerySet[PressRequest]:
    return PressRequest.objects.filter(published=True, status__in=(Status.ANSWERED, Status.CLOSED))


# --- Dashboard -----------------------------------------------------------------------------------------------------


def overdue_summary(user: User, today: date | None = None) -> dict[str, Any]:
    """For the dashboard panel, within the user's scope: ``visible`` (may the user see press requests), ``open``,
    ``overdue`` (past the legal deadline), ``internal_overdue`` (past the internal deadline only), ``due_soon``
    (legal deadline within 3 working days), ``oldest`` (up to 5 overdue requests, most late first, outlet and
    organisation selected) and ``list_url`` / ``overdue_url``."""
    empty: dict[str, Any] = {
        "visible": False, "open": 0, "overdue": 0, "internal_overdue": 0, "due_soon": 0, "oldest": [],
        "list_url": reverse("press:list"), "overdue_url": reverse("press:list") + "?qua_han=1",
    }  # fmt: skip
    if not user.is_authenticated or not user.has_perm("press.view_pressrequest"):
        return empty
    today = today or timezone.localdate()
    open_requests = visible_requests(user).filter(status__in=OPEN_STATUSES)
    soon = today
    for _step in range(3):
        soon = calendar.next_working_day(soon + timedelta(days=1))
    counts = open_requests.aggregate(
        open=_count(Q()),
        overdue=_count(Q(legal_deadline__lt=today)),
        internal_overdue=_count(Q(internal_deadline__lt=today, legal_deadline__gte=today)),
        due_soon=_count(Q(legal_deadline__gte=today, legal_deadline__lte=soon)),
    )
    oldest = list(
        open_requests.filter(legal_deadline__lt=today)
        .select_related("outlet", "organisation")
        .order_by("legal_deadline", "id")[:5]
    )
    return {**empty, **{key: value or 0 for key, value in counts.items()}, "visible": True, "oldest": oldest}


def _count(condition: Q) -> Any:
    from django.db.models import Count

    return Count("id", filter=condition)


def now_local(now: datetime | None = None) -> datetime:
    return timezone.localtime(now or timezone.now())
