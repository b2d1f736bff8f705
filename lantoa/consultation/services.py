"""The drafting agency's side: create a consultation, import and correct the draft, attach documents, move through
the phases, mark a large social impact. ``check_*`` authorises, ``do_*`` changes and writes the audit event.

Scope: press officers and administrators act on every consultation; agency officers and spokespersons on those of
their organisation (and the units under it); leaders read.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.expressions import CombinedExpression
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm, require_scope, scoped_organisation_ids
from lantoa.audit.services import record_event
from lantoa.consultation import splitter
from lantoa.consultation.models import (
    IMPACT_CRITERIA,
    Attachment,
    AttachmentKind,
    Comment,
    Consultation,
    Moderation,
    Phase,
    Unit,
    UnitKind,
)
from lantoa.org.models import Organisation

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_ATTACHMENT_SUFFIXES = (".docx", ".doc", ".pdf", ".odt", ".xlsx")


def visible_to(actor: User) -> QuerySet[Consultation]:
    require_perm(actor, "consultation.view_consultation")
    scope = scoped_organisation_ids(actor)
    consultations = Consultation.objects.select_related("organisation")
    return consultations if scope is None else consultations.filter(organisation_id__in=scope)


def check_can_view(actor: User, consultation: Consultation) -> None:
    require_perm(actor, "consultation.view_consultation")
    require_scope(actor, consultation.organisation_id)


def check_can_edit(actor: User, consultation: Consultation) -> None:
    require_perm(actor, "consultation.change_consultation")
    require_scope(actor, consultation.organisation_id)


def check_can_moderate(actor: User, consultation: Consultation) -> None:
    require_perm(actor, "consultation.moderate_consultation")
    require_scope(actor, consultation.organisation_id)


def counted_comments(consultation: Consultation | None = None) -> QuerySet[Comment]:
    """The comments that count: verified, not withdrawn, not hidden or held by moderation."""
    comments = Comment.objects.filter(
        verified_at__isnull=False,
        withdrawn_at__isnull=True,
        moderation__in=[Moderation.UNREVIEWED, Moderation.APPROVED],
    )
    return comments if consultation is None else comments.filter(consultation=consultation)


def publicly_shown(consultation: Consultation) -> QuerySet[Comment]:
    comments = counted_comments(consultation)
    if consultation.premoderation:
        comments = comments.filter(moderation=Moderation.APPROVED)
    return comments


def article_counts(consultation: Consultation) -> dict[int | None, int]:
    """{unit id (None: the whole draft): counted comments} for the public counters."""
    rows = counted_comments(consultation).values("unit_id").annotate(n=Count("id"))
    return {row["unit_id"]: row["n"] for row in rows}


@transaction.atomic
def do_create(
    actor: User, *, title: str, organisation: Organisation | None = None, kind: str = "decision", summary: str = ""
) -> Consultation:
    require_perm(actor, "consultation.add_consultation")
    if organisation is None:
        organisation = actor.organisation
    if organisation is None:
        raise ValidationError(_("Hãy chọn cơ quan chủ trì soạn thảo."))
    require_scope(actor, organisation.pk)
    consultation = Consultation(
        title=title.strip(), organisation=organisation, kind=kind, summary=summary.strip(), created_by=actor
    )
    consultation.full_clean()
    consultation.save()
    record_event(actor, "consultation.create", consultation, organisation=organisation)
    return consultation


EDITABLE = ("title", "title_en", "kind", "summary", "summary_en", "opens_at", "closes_at", "report_due",
            "premoderation", "report_note")  # fmt: skip


@transaction.atomic
def do_update(actor: User, consultation: Consultation, **values: object) -> Consultation:
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_can_edit(actor, current)
    changes: dict[str, list[object]] = {}
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(name)
        if isinstance(value, str):
            value = value.strip()
        if getattr(current, name) != value:
            changes[name] = [getattr(current, name), value]
            setattr(current, name, value)
    if current.opens_at and current.closes_at and current.closes_at <= current.opens_at:
        raise ValidationError(_("Hạn góp ý phải sau ngày bắt đầu lấy ý kiến."))
    if changes:
        current.full_clean()
        current.save(update_fields=list(changes))
        record_event(actor, "consultation.update", current, changes=_plain_changes(changes))
    return current


def _plain_changes(changes: dict[str, list[object]]) -> dict[str, list[object]]:
    return {
        name: [v.isoformat() if isinstance(v, datetime | date) else v for v in pair] for name, pair in changes.items()
    }


def check_upload(name: str, size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp %(name)s quá lớn (%(size).1f MB); giới hạn là 20 MB.") % {"name": name, "size": size / 1048576}
        )


@transaction.atomic
def do_import_draft(actor: User, consultation: Consultation, name: str, data: bytes) -> splitter.Draft:
    """Split a Word draft into units (replacing the previous import) and keep the file as the full draft. Only
    while the consultation is not public: published text does not change under citizens' comments."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_can_edit(actor, current)
    if current.phase != Phase.DRAFT:
        raise ValidationError(_("Dự thảo đã công bố, không nhập lại được."))
    check_upload(name, len(data))
    if not name.lower().endswith(".docx"):
        raise ValidationError(_("Hãy chọn tệp Word (.docx)."))
    try:
        draft = splitter.split(splitter.docx_paragraphs(data))
    except splitter.NotADraftError as exc:
        raise ValidationError(
            _('Tệp %(name)s không phải dự thảo văn bản: không tìm thấy điều khoản nào ("Điều 1. …").') % {"name": name}
        ) from exc
    except ValueError as exc:
        raise ValidationError(_("Tệp %(name)s không đọc được như một tệp Word (.docx).") % {"name": name}) from exc
    units = store_units(current, draft)
    current.attachments.filter(kind=AttachmentKind.DRAFT).delete()
    attachment = Attachment(consultation=current, kind=AttachmentKind.DRAFT, name=name[:200], size=len(data))
    attachment.file.save(name, ContentFile(data), save=True)
    if not current.title and draft.title:
        current.title = draft.title[:500]
        current.save(update_fields=["title"])
    record_event(actor, "consultation.import", current, summary=f"{name}: {len(units)} phần")
    return draft


def store_units(consultation: Consultation, draft: splitter.Draft) -> list[Unit]:
    """Replace the consultation's units with the draft's."""
    consultation.units.all().delete()
    units = Unit.objects.bulk_create(
        [
            Unit(
                consultation=consultation,
                position=index,
                kind=unit.kind,
                label=unit.label,
                heading=unit.heading[:500],
                text=unit.text,
            )
            for index, unit in enumerate(draft.units, 1)
        ]
    )
    _relink(consultation)
    return units


def _relink(consultation: Consultation) -> None:
    """Renumber positions 1..n and recompute parents from the kinds (after an import, a merge, a split)."""
    units = list(Unit.objects.filter(consultation=consultation).order_by("position"))
    # Positions are unique per consultation: move out of the way first, then write the final ones.
    Unit.objects.filter(consultation=consultation).update(position=_out_of_the_way(len(units)))
    parents = splitter.parents([unit.kind for unit in units])
    for index, unit in enumerate(units):
        unit.position = index + 1
        parent = parents[index]
        unit.parent_id = units[parent].pk if parent is not None else None
    Unit.objects.bulk_update(units, ["position", "parent"])


def _out_of_the_way(count: int) -> CombinedExpression:
    return F("position") + count + 100000


@transaction.atomic
def do_edit_unit(actor: User, unit: Unit, *, kind: str, label: str, heading: str, text: str) -> Unit:
    current = Unit.objects.select_for_update().select_related("consultation").get(pk=unit.pk)
    check_can_edit(actor, current.consultation)
    _check_draft(current.consultation)
    if kind not in UnitKind.values:
        raise ValidationError(_("Loại không hợp lệ."))
    before = (current.kind, current.label, current.heading, current.text)
    current.kind, current.label, current.heading, current.text = kind, label.strip(), heading.strip(), text.strip()
    current.save(update_fields=["kind", "label", "heading", "text"])
    if before[0] != kind:
        _relink(current.consultation)
    record_event(actor, "consultation.unit.edit", current.consultation, summary=str(current)[:200])
    return current


def _check_draft(consultation: Consultation) -> None:
    if consultation.phase != Phase.DRAFT:
        raise ValidationError(_("Dự thảo đã công bố, không sửa được nữa."))


@transaction.atomic
def do_merge_unit(actor: User, unit: Unit) -> Unit:
    """Merge a unit into the one before it (its text appended), e.g. a line the splitter took for a clause."""
    current = Unit.objects.select_for_update().select_related("consultation").get(pk=unit.pk)
    check_can_edit(actor, current.consultation)
    _check_draft(current.consultation)
    previous = (
        Unit.objects.filter(consultation=current.consultation, position__lt=current.position)
        .order_by("-position")
        .first()
    )
    if previous is None:
        raise ValidationError(_("Đây là phần đầu tiên, không có phần nào trước để gộp vào."))
    own = " ".join(part for part in (current.label, current.heading) if part)
    line = "\n".join(part for part in (own, current.text) if part)
    if current.kind == "clause":
        line = f"{current.label.removeprefix('Khoản ')}. {current.text}".strip()
    elif current.kind == "point":
        line = f"{current.label.removeprefix('Điểm ')}) {current.text}".strip()
    previous.text = "\n".join(part for part in (previous.text, line) if part)
    previous.save(update_fields=["text"])
    current.delete()
    _relink(current.consultation)
    record_event(actor, "consultation.unit.merge", current.consultation, summary=str(previous)[:200])
    return previous


@transaction.atomic
def do_split_unit(actor: User, unit: Unit, line: int) -> Unit:
    """Split a unit's text at ``line`` (1-based, the first line of the new unit, which has the same kind)."""
    current = Unit.objects.select_for_update().select_related("consultation").get(pk=unit.pk)
    check_can_edit(actor, current.consultation)
    _check_draft(current.consultation)
    lines = current.text.split("\n")
    if not 1 < line <= len(lines):
        raise ValidationError(_("Chọn một dòng từ 2 đến %(n)d để tách.") % {"n": len(lines)})
    current.text = "\n".join(lines[: line - 1])
    current.save(update_fields=["text"])
    Unit.objects.filter(consultation=current.consultation, position__gt=current.position).update(
        position=_out_of_the_way(1)
    )
    created = Unit.objects.create(
        consultation=current.consultation, position=current.position + 1, kind=current.kind,
        text="\n".join(lines[line - 1 :]),
    )  # fmt: skip
    _relink(current.consultation)
    record_event(actor, "consultation.unit.split", current.consultation, summary=str(current)[:200])
    return created


@transaction.atomic
def do_attach(actor: User, consultation: Consultation, kind: str, name: str, data: bytes) -> Attachment:
    check_can_edit(actor, consultation)
    check_upload(name, len(data))
    if kind not in AttachmentKind.values:
        raise ValidationError(_("Loại tài liệu không hợp lệ."))
    if not name.lower().endswith(ALLOWED_ATTACHMENT_SUFFIXES):
        raise ValidationError(_("Chỉ nhận tệp Word, PDF, OpenDocument hoặc Excel."))
    attachment = Attachment(consultation=consultation, kind=kind, name=name[:200], size=len(data))
    attachment.file.save(name, ContentFile(data), save=True)
    record_event(actor, "consultation.attach", consultation, summary=f"{attachment.get_kind_display()}: {name}")
    return attachment


@transaction.atomic
def do_remove_attachment(actor: User, attachment: Attachment) -> None:
    check_can_edit(actor, attachment.consultation)
    record_event(actor, "consultation.detach", attachment.consultation, summary=attachment.name)
    attachment.file.delete(save=False)
    attachment.delete()


# --- Phases -------------------------------------------------------------------------------------------------------
NEXT_PHASE = {Phase.DRAFT: Phase.OPEN, Phase.OPEN: Phase.CLOSED, Phase.CLOSED: Phase.REPORTED}


@transaction.atomic
def do_advance(actor: User | None, consultation: Consultation, to: str) -> Consultation:
    """Move to the next phase: publish (draft → open), close (open → closed), publish the report (closed →
    reported). Subscribers are told after the commit. ``actor`` None: the scheduler closing at the deadline."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if actor is not None:
        check_can_edit(actor, current)
    if NEXT_PHASE.get(Phase(current.phase)) != to:
        raise ValidationError(_("Không chuyển được từ giai đoạn này sang giai đoạn đã chọn."))
    now = timezone.now()
    if to == Phase.OPEN:
        if not current.units.filter(kind=UnitKind.ARTICLE).exists():
            raise ValidationError(_("Dự thảo chưa có điều khoản nào: hãy nhập tệp dự thảo trước."))
        if current.closes_at is None or current.closes_at <= now:
            raise ValidationError(_("Hãy đặt hạn góp ý (sau thời điểm hiện tại) trước khi công bố."))
        if current.large_impact and not current.summary:
            raise ValidationError(_("Chính sách có tác động lớn cần có tóm tắt cho người dân trước khi công bố."))
        current.published_at = now
        current.opens_at = current.opens_at or now
    elif to == Phase.CLOSED:
        current.closed_at = now
    elif to == Phase.REPORTED:
        from lantoa.consultation.review import unanswered_groups

        if unanswered_groups(current):
            raise ValidationError(_("Còn nhóm ý kiến chưa có nội dung tiếp thu hoặc giải trình."))
        current.reported_at = now
    before = current.phase
    current.phase = to
    current.save()
    record_event(actor, "consultation.phase", current, changes={"phase": [before, to]}, organisation=None)
    transaction.on_commit(functools.partial(_enqueue_notify, current.pk, to))
    return current


def _enqueue_notify(consultation_id: int, phase: str) -> None:
    from lantoa.consultation.tasks import notify_subscribers

    notify_subscribers(consultation_id, phase)


def close_expired(now: datetime | None = None) -> int:
    """Close the open consultations whose deadline has passed (the scheduler calls this)."""
    now = now or timezone.now()
    closed = 0
    for consultation in Consultation.objects.filter(phase=Phase.OPEN, closes_at__lte=now):
        do_advance(None, consultation, Phase.CLOSED)
        closed += 1
    return closed


# --- Large social impact (Decision 407/QĐ-TTg) -----------------------------------------------------------------------
@transaction.atomic
def do_set_large_impact(actor: User, consultation: Consultation, criteria: dict[str, bool]) -> Consultation:
    """Record the four criteria; the policy is of large social impact when all four hold (then a communication
    campaign is required, see ``large_impact_without_campaign``)."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_can_edit(actor, current)
    changes: dict[str, list[object]] = {}
    for name in IMPACT_CRITERIA:
        value = bool(criteria.get(name, False))
        if getattr(current, name) != value:
            changes[name] = [getattr(current, name), value]
            setattr(current, name, value)
    large = all(getattr(current, name) for name in IMPACT_CRITERIA)
    if large != current.large_impact:
        changes["large_impact"] = [current.large_impact, large]
        current.large_impact = large
    if changes:
        current.save(update_fields=list(changes))
        record_event(actor, "consultation.large_impact", current, changes=changes)
    return current


def campaign_exists() -> Exists:
    """True where a communication campaign (issue G) names the consultation as the policy it serves."""
    from lantoa.campaigns.models import Campaign

    return Exists(Campaign.objects.filter(consultation=OuterRef("pk")))


def with_campaign_flag(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """The consultations with ``has_campaign`` (see ``campaign_exists``), for the pages."""
    return consultations.annotate(has_campaign=campaign_exists())


def large_impact_without_campaign(actor: User | None = None) -> list[Consultation]:
    """Large-social-impact policies still without a communication campaign (for the dashboard), in the actor's
    scope when one is given. Closed ones are included: the campaign accompanies the policy to enforcement."""
    consultations = Consultation.objects.filter(~campaign_exists(), large_impact=True)
    if actor is not None:
        try:
            consultations = consultations.filter(pk__in=visible_to(actor).values("pk"))
        except PermissionDenied:
            return []
    return list(consultations.select_related("organisation").order_by("closes_at", "id"))
