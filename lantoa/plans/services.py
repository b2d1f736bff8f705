"""Progress reporting on plan tasks. ``check_*`` authorises, ``do_*`` changes state and writes the audit event.

Scope: an agency officer or spokesperson sees and reports on the occurrences of their own organisation (and the
units under it, as everywhere in Lantoa); the press office and administrators on every one; leaders read only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm, require_scope, scoped_organisation_ids
from lantoa.audit.services import record_event
from lantoa.plans.models import FIGURES, Occurrence, ProgressReport, ReportAttachment, Status

TEXT_MAX_CHARS = 10000
FIGURE_MAX = 100_000_000  # a count above this is a typing error, not a province's month
MAX_FILES_PER_REPORT = 5
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PLANS_MAX_ATTACHMENT_MB", 20)) * 1024 * 1024


# --- Scope ---------------------------------------------------------------------------------------------------------


def visible_occurrences(actor: User) -> QuerySet[Occurrence]:
    require_perm(actor, "plans.view_occurrence")
    occurrences = Occurrence.objects.all()
    scope = scoped_organisation_ids(actor)
    if scope is not None:
        occurrences = occurrences.filter(assignment__organisation_id__in=scope)
    return occurrences


def check_can_view(actor: User, occurrence: Occurrence) -> None:
    require_perm(actor, "plans.view_occurrence")
    require_scope(actor, occurrence.assignment.organisation_id)


def check_can_report(actor: User, occurrence: Occurrence) -> None:
    require_perm(actor, "plans.add_progressreport")
    require_scope(actor, occurrence.assignment.organisation_id)


def can_report(actor: User, occurrence: Occurrence) -> bool:
    try:
        check_can_report(actor, occurrence)
    except PermissionDenied:
        return False
    return True


# --- Attachments ---------------------------------------------------------------------------------------------------


def check_attachment(upload: UploadedFile) -> str:
    """PDF, Word (.docx), Excel (.xlsx) or an image (JPG, PNG), at most PLANS_MAX_ATTACHMENT_MB; the content must
    match the name (a renamed executable is refused). Returns the content type to serve it with."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại: chỉ nhận PDF, Word (.docx), Excel (.xlsx) hoặc ảnh JPG, PNG.")
            % {"name": name}
        )
    limit, size = max_attachment_bytes(), upload.size or 0
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
    elif suffix in (".docx", ".xlsx"):
        member = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
        matches = head.startswith(b"PK\x03\x04") and _zip_has(upload, member)
    elif suffix == ".png":
        matches = head.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        matches = head.startswith(b"\xff\xd8\xff")
    if not matches:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với loại %(kind)s.") % {"name": name, "kind": suffix[1:].upper()}
        )
    return ALLOWED_TYPES[suffix]


def _zip_has(upload: UploadedFile, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def discard(written: Sequence[str]) -> None:
    from django.core.files.storage import default_storage

    for path in written:
        default_storage.delete(path)


# --- Reporting -----------------------------------------------------------------------------------------------------


def clean_figures(figures: Mapping[str, object]) -> dict[str, int]:
    """Whole numbers, 0 or more; a missing one is 0. Raises ValidationError naming each bad field."""
    cleaned: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name in FIGURES:
        raw = figures.get(name, 0)
        if raw in (None, ""):
            raw = 0
        try:
            value = int(str(raw).strip())
        except ValueError:
            errors[name] = [_("Hãy nhập một số nguyên.")]
            continue
        if value < 0:
            errors[name] = [_("Số liệu không được âm.")]
        elif value > FIGURE_MAX:
            errors[name] = [_("Số liệu quá lớn.")]
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_transition(actor: User, occurrence: Occurrence, status: str) -> None:
    """A report says the task is in progress or done. Reopening a finished task is the press office's call (it
    changes what the matrix and the periodic reports have already counted)."""
    if status not in (Status.IN_PROGRESS, Status.DONE):
        raise ValidationError({"status": [_("Hãy chọn trạng thái “Đang thực hiện” hoặc “Hoàn thành”.")]})
    if occurrence.status == Status.DONE and status != Status.DONE and not actor.has_perm("plans.change_occurrence"):
        raise ValidationError(
            {"status": [_("Nhiệm vụ đã báo cáo hoàn thành; đề nghị Sở Văn hóa, Thể thao và Du lịch mở lại nếu cần.")]}
        )


def do_report(
    actor: User,
    occurrence: Occurrence,
    *,
    status: str,
    text: str,
    figures: Mapping[str, object],
    uploads: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """Record a progress report: the occurrence takes its status, text and figures; the report keeps the history."""
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Hãy mô tả kết quả thực hiện.")]
    elif len(text) > TEXT_MAX_CHARS:
        errors["text"] = [_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": TEXT_MAX_CHARS}]
    try:
        cleaned = clean_figures(figures)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {}
    if len(uploads) > MAX_FILES_PER_REPORT:
        errors["attachments"] = [_("Tối đa %(n)d tệp mỗi lần báo cáo.") % {"n": MAX_FILES_PER_REPORT}]
    else:
        for upload in uploads:
            try:
                check_attachment(upload)
            except ValidationError as exc:
                errors.setdefault("attachments", []).extend(exc.messages)
    written: list[str] = []
    try:
        with transaction.atomic():
            current = Occurrence.objects.select_for_update().select_related("assignment__task").get(pk=occurrence.pk)
            check_can_report(actor, current)
            try:
                check_transition(actor, current, status)
            except ValidationError as exc:
                errors.update(exc.message_dict)
            if errors:
                raise ValidationError(errors)
            before = {"status": current.status, **{name: getattr(current, name) for name in FIGURES}}
            report = ProgressReport.objects.create(
                occurrence=current, status=status, text=text, created_by=actor, **cleaned
            )
            for upload in uploads:
                content_type = check_attachment(upload)
                attachment = ReportAttachment(
                    report=report, name=PurePath(upload.name or "tep").name[:255], size=upload.size or 0,
                    content_type=content_type,
                )  # fmt: skip
                attachment.file.save(attachment.name, upload, save=False)
                written.append(attachment.file.name)
                attachment.save()
            now = timezone.now()
            current.status, current.summary, current.reported_at = status, text, now
            for name, value in cleaned.items():
                setattr(current, name, value)
            if status == Status.DONE and current.completed_on is None:
                current.completed_on = timezone.localdate(now)
            elif status != Status.DONE:
                current.completed_on = None
            current.save()
            after = {"status": current.status, **{name: getattr(current, name) for name in FIGURES}}
            changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
            record_event(
                actor, "plans.occurrence.report", current, changes=changes,
                organisation=current.assignment.organisation, summary=f"{len(uploads)} tệp" if uploads else "",
            )  # fmt: skip
            return report
    except BaseException:
        discard(written)
        raise
