"""Case workflow: opened (evidence sealed) → verifying → decided (an outcome) → actions → closed.

``check_*`` authorises and validates, ``do_*`` changes state inside a transaction, writes an audit event and appends
a ``CaseEvent`` to the case's timeline. Who sees what (``visible_cases``):

- press officers and administrators (permission ``cases.view_case``): every case;
- anyone else with a role: the cases they are on the team of, and (agency officers, spokespersons) the cases their
  organisation or a unit under it is involved in. Users without a role: none, even if added.

Managing (outcome, actions, closing, the team) needs ``cases.change_case``. Agency officers and spokespersons who can
see a case may also contribute to it (verification notes, attachments); leaders only read.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import has_any_role, has_role, is_province_wide, require_perm, scoped_organisation_ids
from lantoa.accounts.roles import Role
from lantoa.audit.services import record_event
from lantoa.cases import integrity
from lantoa.cases.models import (
    REFERABLE_OUTCOMES,
    Attachment,
    AttachmentKind,
    Case,
    CaseEvent,
    CaseMember,
    CaseOrganisation,
    CaseStatus,
    Correction,
    EventKind,
    Evidence,
    Outcome,
    Platform,
    PlatformRequest,
    Referral,
    Trigger,
    Verification,
)
from lantoa.monitoring.models import Item, ItemStatus
from lantoa.org.models import Organisation

MISINFO_THRESHOLD = 0.7
FLAGGED_TOXICITY = ("offensive", "hate")
TRIAGE_DAYS = 7


# --- Visibility --------------------------------------------------------------------------------------------------


def is_manager(user: User) -> bool:
    return bool(has_any_role(user) and user.has_perm("cases.change_case"))


def visible_cases(user: User) -> QuerySet[Case]:
    if not has_any_role(user):
        return Case.objects.none()
    if user.has_perm("cases.view_case"):
        return Case.objects.all()
    wanted = Q(members__user=user)
    # Leaders are province-wide for the press stream, but never for cases: only their team memberships count.
    scope = None if is_province_wide(user) else scoped_organisation_ids(user)
    if scope:
        wanted |= Q(organisations__organisation_id__in=scope)
    # A subquery, not the join itself: a case with two matching rows must be listed once.
    return Case.objects.filter(pk__in=Case.objects.filter(wanted).values("pk"))


def check_can_view(actor: User, case: Case) -> None:
    if not visible_cases(actor).filter(pk=case.pk).exists():
        raise PermissionDenied(_("Bạn không ở trong nhóm xử lý vụ việc này."))


def can_contribute(actor: User, case: Case) -> bool:
    if is_manager(actor):
        return True
    return has_role(actor, Role.AGENCY_OFFICER, Role.SPOKESPERSON) and visible_cases(actor).filter(pk=case.pk).exists()


def check_can_contribute(actor: User, case: Case) -> None:
    if not can_contribute(actor, case):
        raise PermissionDenied(_("Bạn chỉ được xem vụ việc này."))
    _check_not_closed(case)


def check_can_manage(actor: User, case: Case | None = None) -> None:
    if not is_manager(actor):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if case is not None:
        _check_not_closed(case)


def _check_not_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("Vụ việc đã đóng, không thay đổi được nữa."))


# --- Helpers -----------------------------------------------------------------------------------------------------


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _log(
    actor: User | None, case: Case, kind: EventKind, note: str = "", data: dict[str, Any] | None = None
) -> CaseEvent:
    """The case's own timeline entry and the platform-wide audit event, written together in the same transaction."""
    record_event(actor, f"cases.{kind.value}", case, summary=(note or str(kind.label))[:300], changes=None)
    label = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, actor_label=label[:200], note=note, data=data or {}
    )


def _store(case: Case, data: bytes, extension: str) -> str:
    """A stored name that owes nothing to the uploader's file name (no path tricks, no collisions)."""
    name = f"cases/{case.year}/{case.code}/{uuid.uuid4().hex}{extension}"
    return default_storage.save(name, ContentFile(data))


def _trigger_for(item: Item) -> Trigger:
    if item.misinfo_risk is not None and item.misinfo_risk >= MISINFO_THRESHOLD:
        return Trigger.MISINFO
    if item.toxicity in FLAGGED_TOXICITY:
        return Trigger.TOXICITY
    return Trigger.OFFICER


def _next_number(year: int) -> int:
    last = Case.objects.filter(year=year).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


# --- Opening -----------------------------------------------------------------------------------------------------


def check_can_open(actor: User, item: Item) -> None:
    require_perm(actor, "cases.add_case")
    current = Case.objects.filter(item=item).exclude(status=CaseStatus.CLOSED).first()
    if current is not None:
        raise ValidationError(
            _("Tin này đã có vụ việc đang xử lý: %(code)s.") % {"code": current.code}, code="already_open"
        )


def do_open_case(actor: User, item: Item, reason: str = "", title: str = "") -> Case:
    """Open a case on ``item``: number it in the year, seal the evidence snapshot and its hash, put the opener on
    the team and the item's agencies among the involved organisations."""
    for attempt in range(3):  # two officers opening at once: the unique (year, number) makes one of them retry
        try:
            with transaction.atomic():
                return _open(actor, item, reason, title)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _open(actor: User, item: Item, reason: str, title: str) -> Case:
    item = Item.objects.select_for_update().select_related("source").get(pk=item.pk)
    check_can_open(actor, item)
    now = timezone.now()
    year = timezone.localtime(now).year
    case = Case.objects.create(
        year=year, number=_next_number(year), title=(title.strip() or item.title or item.url or item.key)[:500],
        item=item, trigger=_trigger_for(item), reason=reason.strip(), opened_by=actor, opened_at=now,
    )  # fmt: skip
    canonical = integrity.canonical_json(integrity.snapshot_of(item, now))
    evidence = Evidence.objects.create(case=case, canonical=canonical, sha256=integrity.text_hash(canonical))
    CaseMember.objects.create(case=case, user=actor, added_by=actor)
    for organisation in Organisation.objects.filter(code__in=item.agencies or []):
        CaseOrganisation.objects.create(case=case, organisation=organisation, added_by=actor)
    _log(actor, case, EventKind.OPENED, case.reason, {"sha256": evidence.sha256, "item_id": item.pk})
    return case


# --- Contributions: attachments, verification ----------------------------------------------------------------------


def do_add_attachment(
    actor: User, case: Case, upload: UploadedFile, kind: str = AttachmentKind.EVIDENCE, description: str = ""
) -> Attachment:
    """Validate the file's size and type first (nothing is stored for a refused file), then store and hash it."""
    if kind not in AttachmentKind.values:
        raise ValidationError(_("Loại tệp đính kèm không hợp lệ."))
    check_can_contribute(actor, case)
    data, content_type = integrity.read_upload(upload)
    name = _store(case, data, integrity.ALLOWED_TYPES[content_type])
    try:
        with transaction.atomic():
            current = _locked(case)
            check_can_contribute(actor, current)
            attachment = Attachment(
                case=current, kind=kind, original_name=(upload.name or "")[:255], content_type=content_type,
                size=len(data), sha256=integrity.sha256_hex(data), description=description.strip()[:500],
                uploaded_by=actor,
            )  # fmt: skip
            attachment.file.name = name
            attachment.save()
            _log(actor, current, EventKind.ATTACHMENT, attachment.original_name,
                 {"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size})  # fmt: skip
    except Exception:
        default_storage.delete(name)  # the row was not written: do not leave an orphan file behind
        raise
    return attachment


def clean_sources(lines: Sequence[str]) -> list[str]:
    return [line.strip()[:2000] for line in lines if line.strip()]


@transaction.atomic
def do_add_verification(actor: User, case: Case, note: str, sources: Sequence[str] = ()) -> Verification:
    current = _locked(case)
    check_can_contribute(actor, current)
    if not note.strip():
        raise ValidationError(_("Hãy ghi nội dung xác minh."))
    verification = Verification.objects.create(
        case=current, note=note.strip(), sources=clean_sources(sources), author=actor
    )
    if current.status == CaseStatus.OPENED:
        current.status = CaseStatus.VERIFYING
        current.save(update_fields=["status"])
    _log(actor, current, EventKind.VERIFICATION, verification.note, {"sources": verification.sources})
    return verification


# --- Outcome and actions -----------------------------------------------------------------------------------------


def _has_actions(case: Case) -> bool:
    return case.corrections.exists() or case.platform_requests.exists() or Referral.objects.filter(case=case).exists()


def check_can_decide(actor: User, case: Case, outcome: str) -> None:
    check_can_manage(actor, case)
    if outcome not in Outcome.values:
        raise ValidationError(
            _("Hãy chọn kết luận: sai sự thật, gây hiểu nhầm, đúng sự thật hoặc không xác minh được.")
        )
    if case.status == CaseStatus.OPENED:
        raise ValidationError(_("Chưa có kết quả xác minh nào, chưa thể kết luận."))
    if case.outcome and case.outcome != outcome and _has_actions(case):
        raise ValidationError(_("Đã có biện pháp xử lý dựa trên kết luận hiện tại, không đổi kết luận được."))


@transaction.atomic
def do_set_outcome(actor: User, case: Case, outcome: str, note: str = "") -> Case:
    current = _locked(case)
    check_can_decide(actor, current, outcome)
    if not note.strip():
        raise ValidationError(_("Hãy ghi căn cứ của kết luận."))
    before = current.outcome
    current.outcome, current.outcome_note = outcome, note.strip()
    current.outcome_at, current.status = timezone.now(), CaseStatus.DECIDED
    current.save(update_fields=["outcome", "outcome_note", "outcome_at", "status"])
    _log(actor, current, EventKind.OUTCOME, current.outcome_note, {"outcome": outcome, "before": before})
    return current


def _check_decided(case: Case) -> None:
    if case.status != CaseStatus.DECIDED or not case.outcome:
        raise ValidationError(_("Vụ việc chưa có kết luận, chưa thể thực hiện biện pháp xử lý."))


@transaction.atomic
def do_add_correction(
    actor: User, case: Case, text: str, channel: str, published_at: datetime, url: str = ""
) -> Correction:
    current = _locked(case)
    check_can_manage(actor, current)
    _check_decided(current)
    if current.outcome not in REFERABLE_OUTCOMES:
        raise ValidationError(_("Chỉ đăng cải chính khi kết luận là sai sự thật hoặc gây hiểu nhầm."))
    correction = Correction(
        case=current, text=text.strip(), channel=channel.strip(), published_at=published_at, url=url.strip(),
        recorded_by=actor,
    )  # fmt: skip
    correction.full_clean()
    correction.save()
    _log(actor, current, EventKind.CORRECTION, correction.text,
         {"channel": correction.channel, "url": correction.url, "published_at": published_at.isoformat()})  # fmt: skip
    return correction


@transaction.atomic
def do_add_platform_request(
    actor: User, case: Case, platform: str, request: str, sent_at: datetime, reply: str = "",
    replied_at: datetime | None = None,
) -> PlatformRequest:  # fmt: skip
    current = _locked(case)
    check_can_manage(actor, current)
    _check_decided(current)
    if platform not in Platform.values:
        raise ValidationError(_("Hãy chọn nền tảng."))
    if reply.strip() and replied_at is None:
        replied_at = timezone.now()
    entry = PlatformRequest(
        case=current, platform=platform, request=request.strip(), sent_at=sent_at, reply=reply.strip(),
        replied_at=replied_at, recorded_by=actor,
    )  # fmt: skip
    entry.full_clean()
    entry.save()
    _log(actor, current, EventKind.PLATFORM_REQUEST, entry.request,
         {"platform": platform, "sent_at": sent_at.isoformat(), "reply": entry.reply})  # fmt: skip
    return entry


@transaction.atomic
def do_record_platform_reply(
    actor: User, entry: PlatformRequest, reply: str, replied_at: datetime | None = None
) -> PlatformRequest:
    """A platform answers days later, sometimes after the case is closed: the reply is recorded even then."""
    check_can_manage(actor)
    current = PlatformRequest.objects.select_for_update().select_related("case").get(pk=entry.pk)
    if not reply.strip():
        raise ValidationError(_("Hãy ghi nội dung phản hồi."))
    before = current.reply
    current.reply, current.replied_at = reply.strip(), replied_at or timezone.now()
    current.save(update_fields=["reply", "replied_at"])
    _log(actor, current.case, EventKind.PLATFORM_REPLY, current.reply,
         {"platform": current.platform, "request": current.pk, "before": before})  # fmt: skip
    return current


def check_can_refer(actor: User, case: Case) -> None:
    check_can_manage(actor, case)
    if case.outcome not in REFERABLE_OUTCOMES:
        raise ValidationError(_("Chỉ chuyển Công an tỉnh khi đã kết luận thông tin là sai sự thật hoặc gây hiểu nhầm."))
    _check_decided(case)
    if Referral.objects.filter(case=case).exists():
        raise ValidationError(_("Vụ việc đã được chuyển Công an tỉnh."))


def do_refer(actor: User, case: Case, note: str = "") -> Referral:
    """Draw up the case summary (Decree 30 Word document), store it with its hash and record the referral."""
    from lantoa.cases import documents

    with transaction.atomic():
        current = _locked(case)
        check_can_refer(actor, current)
        now = timezone.now()
        data = documents.referral_docx(current, note.strip(), now)
        name = _store(current, data, ".docx")
        try:
            referral = Referral(
                case=current, recipient=documents.police_name(), note=note.strip(), sha256=integrity.sha256_hex(data),
                referred_by=actor, referred_at=now,
            )  # fmt: skip
            referral.document.name = name
            referral.save()
            _log(actor, current, EventKind.REFERRAL, referral.note,
                 {"recipient": referral.recipient, "sha256": referral.sha256})  # fmt: skip
        except Exception:
            default_storage.delete(name)
            raise
    return referral


def check_can_close(actor: User, case: Case) -> None:
    check_can_manage(actor, case)
    if not case.outcome:
        raise ValidationError(_("Vụ việc chưa có kết luận, không đóng được."))


@transaction.atomic
def do_close(actor: User, case: Case, note: str = "") -> Case:
    current = _locked(case)
    check_can_close(actor, current)
    current.status, current.closed_at, current.closing_note = CaseStatus.CLOSED, timezone.now(), note.strip()
    current.save(update_fields=["status", "closed_at", "closing_note"])
    _log(actor, current, EventKind.CLOSED, current.closing_note, {"outcome": current.outcome})
    return current


# --- Team ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_member(actor: User, case: Case, user: User) -> CaseMember:
    """Team changes stay possible on a closed case: someone may need to read it later."""
    check_can_manage(actor)
    current = _locked(case)
    if not user.is_active or not has_any_role(user):
        raise ValidationError(_("Người dùng chưa được giao vai trò nào, không thể thêm vào nhóm xử lý."))
    if CaseMember.objects.filter(case=current, user=user).exists():
        raise ValidationError(_("Người này đã ở trong nhóm xử lý."))
    member = CaseMember.objects.create(case=current, user=user, added_by=actor)
    _log(actor, current, EventKind.MEMBER_ADDED, user.get_full_name() or user.get_username(), {"user": user.pk})
    return member


@transaction.atomic
def do_remove_member(actor: User, case: Case, user: User) -> None:
    check_can_manage(actor)
    current = _locked(case)
    deleted, _rows = CaseMember.objects.filter(case=current, user=user).delete()
    if not deleted:
        raise ValidationError(_("Người này không ở trong nhóm xử lý."))
    _log(actor, current, EventKind.MEMBER_REMOVED, user.get_full_name() or user.get_username(), {"user": user.pk})


@transaction.atomic
def do_add_organisation(actor: User, case: Case, organisation: Organisation) -> CaseOrganisation:
    check_can_manage(actor)
    current = _locked(case)
    if CaseOrganisation.objects.filter(case=current, organisation=organisation).exists():
        raise ValidationError(_("Cơ quan này đã có trong danh sách liên quan."))
    link = CaseOrganisation.objects.create(case=current, organisation=organisation, added_by=actor)
    _log(actor, current, EventKind.ORGANISATION_ADDED, organisation.name, {"organisation": organisation.code})
    return link


@transaction.atomic
def do_remove_organisation(actor: User, case: Case, organisation: Organisation) -> None:
    check_can_manage(actor)
    current = _locked(case)
    deleted, _rows = CaseOrganisation.objects.filter(case=current, organisation=organisation).delete()
    if not deleted:
        raise ValidationError(_("Cơ quan này không có trong danh sách liên quan."))
    _log(actor, current, EventKind.ORGANISATION_REMOVED, organisation.name, {"organisation": organisation.code})


# --- Integrity ---------------------------------------------------------------------------------------------------


@transaction.atomic
def do_verify_integrity(actor: User, case: Case) -> integrity.Report:
    """Anyone who sees the case may check it, closed or not; the result goes into the timeline."""
    check_can_view(actor, case)
    report = integrity.verify(case)
    note = _("Khớp: mọi mã băm đúng.") if report.ok else _("KHÔNG KHỚP: %(n)d mục.") % {"n": len(report.failures)}
    _log(actor, case, EventKind.INTEGRITY, note, report.as_data())
    return report


# --- Triage --------------------------------------------------------------------------------------------------------


def flagged(items: QuerySet[Item]) -> QuerySet[Item]:
    return items.filter(Q(misinfo_risk__gte=MISINFO_THRESHOLD) | Q(toxicity__in=FLAGGED_TOXICITY))


def triage_items(now: datetime | None = None) -> QuerySet[Item]:
    """Flagged items of the last 7 days (by publication, else by arrival) that no case covers yet, neither the item
    nor another copy of its story."""
    since = (now or timezone.now()) - timedelta(days=TRIAGE_DAYS)
    recent = Q(published_at__gte=since) | Q(published_at__isnull=True, ingested_at__gte=since)
    in_case = Case.objects.filter(item_id=OuterRef("pk"))
    story_in_case = Case.objects.filter(item__story_id=OuterRef("story_id"))
    return (
        flagged(Item.objects.filter(recent))
        .exclude(status__in=[ItemStatus.PENDING, ItemStatus.QUARANTINED])
        .annotate(in_case=Exists(in_case), story_in_case=Exists(story_in_case))
        .filter(in_case=False, story_in_case=False)
        .select_related("source")
        .order_by("-misinfo_risk", "-published_at", "-id")
    )
