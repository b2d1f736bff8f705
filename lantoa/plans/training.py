"""Training sessions for spokespersons and communication staff (plan item II.4): the session, its attendees (people
of the organisation registry), attendance, feedback and materials. ``check_*`` authorises, ``do_*`` changes and
audits.

The press office organises sessions and takes attendance. Feedback (a score 1–5 and a comment) is recorded for an
attendee who was present, by the press office or by the attendee's own organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm, require_scope, scoped_organisation_ids
from lantoa.audit.services import record_event
from lantoa.org.models import Person
from lantoa.plans.models import Attendance, Plan, TrainingAttendee, TrainingMaterial, TrainingSession
from lantoa.plans.services import check_attachment, discard

COMMENT_MAX_CHARS = 2000


def check_can_manage(actor: User) -> None:
    require_perm(actor, "plans.change_trainingsession")


def visible_attendees(actor: User, session: TrainingSession) -> QuerySet[TrainingAttendee]:
    """Everyone for the province-wide roles; a scoped user sees the attendees of their own organisation only."""
    require_perm(actor, "plans.view_trainingsession")
    attendees = session.attendees.select_related("person__organisation")
    scope = scoped_organisation_ids(actor)
    if scope is not None:
        attendees = attendees.filter(person__organisation_id__in=scope)
    return attendees


@transaction.atomic
def do_create_session(
    actor: User, *, held_on: date, topic: str, place: str = "", trainers: str = "", description: str = ""
) -> TrainingSession:
    check_can_manage(actor)
    topic = topic.strip()
    if not topic:
        raise ValidationError({"topic": [_("Hãy nhập chủ đề lớp tập huấn.")]})
    session = TrainingSession.objects.create(
        plan=Plan.objects.filter(year=held_on.year).first(), held_on=held_on, topic=topic[:300],
        place=place.strip()[:300], trainers=trainers.strip(), description=description.strip(), created_by=actor,
    )  # fmt: skip
    record_event(actor, "plans.training.create", session)
    return session


@transaction.atomic
def do_add_attendees(actor: User, session: TrainingSession, person_ids: Iterable[int]) -> int:
    check_can_manage(actor)
    wanted = set(Person.objects.filter(pk__in=list(person_ids), is_active=True).values_list("pk", flat=True))
    present = set(session.attendees.values_list("person_id", flat=True))
    new = [TrainingAttendee(session=session, person_id=pk) for pk in sorted(wanted - present)]
    TrainingAttendee.objects.bulk_create(new)
    if new:
        record_event(actor, "plans.training.attendees", session, summary=f"+{len(new)}")
    return len(new)


@transaction.atomic
def do_set_attendance(actor: User, session: TrainingSession, marks: dict[int, str]) -> int:
    """``marks``: attendee id → "present" / "absent" / "invited". Returns how many changed."""
    check_can_manage(actor)
    if any(mark not in Attendance.values for mark in marks.values()):
        raise ValidationError(_("Điểm danh không hợp lệ."))
    changed = []
    for attendee in session.attendees.select_for_update().filter(pk__in=list(marks)):
        if attendee.attendance != marks[attendee.pk]:
            attendee.attendance = marks[attendee.pk]
            if attendee.attendance != Attendance.PRESENT:
                attendee.score, attendee.comment = None, ""  # feedback is only from people who attended
            changed.append(attendee)
    TrainingAttendee.objects.bulk_update(changed, ["attendance", "score", "comment"])
    if changed:
        record_event(actor, "plans.training.attendance", session, summary=f"{len(changed)} học viên")
    return len(changed)


def check_can_give_feedback(actor: User, attendee: TrainingAttendee) -> None:
    require_perm(actor, "plans.change_trainingattendee")
    require_scope(actor, attendee.person.organisation_id)


@transaction.atomic
def do_feedback(actor: User, attendee: TrainingAttendee, score: object, comment: str) -> TrainingAttendee:
    current = TrainingAttendee.objects.select_for_update().select_related("person", "session").get(pk=attendee.pk)
    check_can_give_feedback(actor, current)
    errors: dict[str, list[str]] = {}
    if current.attendance != Attendance.PRESENT:
        errors["score"] = [_("Chỉ học viên có mặt mới đánh giá lớp tập huấn.")]
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        errors["score"] = [_("Điểm đánh giá là một số từ 1 đến 5.")]
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_CHARS:
        errors["comment"] = [_("Ý kiến quá dài (tối đa %(n)d ký tự).") % {"n": COMMENT_MAX_CHARS}]
    if errors:
        raise ValidationError(errors)
    changes: dict[str, list[Any]] = {"score": [current.score, value], "comment": [current.comment, comment]}
    current.score, current.comment = value, comment
    current.save(update_fields=["score", "comment"])
    record_event(actor, "plans.training.feedback", current.session, changes=changes, summary=str(current.person))
    return current


def do_add_material(actor: User, session: TrainingSession, upload: UploadedFile) -> TrainingMaterial:
    check_can_manage(actor)
    content_type = check_attachment(upload)
    written: list[str] = []
    try:
        with transaction.atomic():
            material = TrainingMaterial(
                session=session, name=PurePath(upload.name or "tep").name[:255], size=upload.size or 0,
                content_type=content_type, uploaded_by=actor,
            )  # fmt: skip
            material.file.save(material.name, upload, save=False)
            written.append(material.file.name)
            material.save()
            record_event(actor, "plans.training.material", session, summary=material.name)
            return material
    except BaseException:
        discard(written)
        raise
