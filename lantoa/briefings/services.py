"""Briefings, press conferences, journalists' questions and urgent statements. ``check_*`` authorises, ``do_*``
changes state and writes the audit event, in one transaction. Views, the admin and the API call these.

Who: the press office and administrators manage everything (``briefings.manage_briefings``); an organisation
(agency officer, spokesperson) answers the questions assigned to it (``briefings.answer_question``, scoped to its
subtree) and sees its own questions and statements; leaders read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import in_scope, require_perm, require_scope, scoped_organisation_ids
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.briefings import intake
from lantoa.briefings.models import (
    AgendaItem,
    Briefing,
    Journalist,
    Question,
    QuestionStatus,
    UrgentStatement,
)
from lantoa.org.models import Organisation, Outlet

BRIEFING_FIELDS = ("kind", "title", "host", "starts_at", "place", "status", "accepts_questions", "chair", "conclusion")
STATEMENT_FIELDS = ("title", "organisation", "event_at", "statement_at", "form", "summary", "url")


# --- reading ----------------------------------------------------------------------------------------------------
def can_manage(user: User) -> bool:
    return user.has_perm("briefings.manage_briefings")


def check_can_manage(user: User | None) -> None:
    if user is not None:
        require_perm(user, "briefings.manage_briefings")


def visible_briefings(user: User) -> QuerySet[Briefing]:
    require_perm(user, "briefings.view_briefing")
    return Briefing.objects.select_related("host")


def visible_questions(user: User) -> QuerySet[Question]:
    """Province-wide roles see every question; an organisation only those assigned to it (or units under it)."""
    require_perm(user, "briefings.view_question")
    found = Question.objects.select_related("briefing", "assigned_to", "answered_by")
    scope = scoped_organisation_ids(user)
    return found if scope is None else found.filter(assigned_to_id__in=scope)


def visible_statements(user: User) -> QuerySet[UrgentStatement]:
    require_perm(user, "briefings.view_urgentstatement")
    found = UrgentStatement.objects.select_related("organisation")
    scope = scoped_organisation_ids(user)
    return found if scope is None else found.filter(organisation_id__in=scope)


def check_can_view_question(user: User, question: Question) -> None:
    require_perm(user, "briefings.view_question")
    if scoped_organisation_ids(user) is not None:
        require_scope(user, question.assigned_to_id)


# --- briefings --------------------------------------------------------------------------------------------------
def _validated(instance: Briefing | UrgentStatement) -> None:
    instance.full_clean()


@transaction.atomic
def do_create_briefing(
    actor: User | None, values: Mapping[str, Any], organisations: Iterable[Organisation] = ()
) -> Briefing:
    check_can_manage(actor)
    briefing = Briefing(**{k: v for k, v in values.items() if k in BRIEFING_FIELDS}, created_by=actor)
    _validated(briefing)
    briefing.save()
    briefing.organisations.set(list(organisations))
    record_event(actor, "briefings.briefing.create", briefing, changes=diff({}, snapshot(briefing, BRIEFING_FIELDS)))
    return briefing


@transaction.atomic
def do_update_briefing(
    actor: User | None,
    briefing: Briefing,
    values: Mapping[str, Any],
    organisations: Iterable[Organisation] | None = None,
) -> Briefing:
    check_can_manage(actor)
    unknown = set(values) - set(BRIEFING_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    current = Briefing.objects.select_for_update().get(pk=briefing.pk)
    before = snapshot(current, BRIEFING_FIELDS)
    for name, value in values.items():
        setattr(current, name, value)
    _validated(current)
    current.save()
    changes = diff(before, snapshot(current, BRIEFING_FIELDS))
    if organisations is not None:
        old = sorted(str(org) for org in current.organisations.all())
        current.organisations.set(list(organisations))
        new = sorted(str(org) for org in current.organisations.all())
        if old != new:
            changes["organisations"] = [old, new]
    if changes:
        record_event(actor, "briefings.briefing.update", current, changes=changes)
    return current


@transaction.atomic
def do_add_journalist(
    actor: User | None, briefing: Briefing, full_name: str, outlet: Outlet | None = None, outlet_name: str = ""
) -> Journalist:
    check_can_manage(actor)
    journalist = Journalist(
        briefing=briefing, full_name=full_name.strip(), outlet=outlet, outlet_name=outlet_name.strip()
    )
    if not journalist.outlet and not journalist.outlet_name:
        raise ValidationError({"outlet_name": _("Cần chọn hoặc ghi tên cơ quan báo chí.")})
    journalist.full_clean()
    journalist.save()
    record_event(actor, "briefings.journalist.add", briefing, summary=f"{journalist} ({journalist.outlet_label})")
    return journalist


@transaction.atomic
def do_add_agenda_item(
    actor: User | None, briefing: Briefing, title: str, presenter: Organisation | None = None
) -> AgendaItem:
    check_can_manage(actor)
    position = briefing.agenda.count() + 1
    item = AgendaItem(briefing=briefing, title=title.strip(), presenter=presenter, position=position)
    item.full_clean()
    item.save()
    record_event(actor, "briefings.agenda.add", briefing, summary=item.title[:300])
    return item


# --- questions --------------------------------------------------------------------------------------------------
@dataclass
class Submission:
    journalist_name: str
    outlet_name: str
    email: str
    text: str


def _length_errors(submission: Submission) -> list[str]:
    errors = []
    checks = (
        (submission.journalist_name, intake.NAME_LENGTH, _("Họ và tên")),
        (submission.outlet_name, intake.OUTLET_LENGTH, _("Cơ quan báo chí")),
        (submission.text, intake.TEXT_LENGTH, _("Câu hỏi")),
    )
    for value, (shortest, longest), label in checks:
        if len(value) < shortest:
            errors.append(_("%(field)s quá ngắn (ít nhất %(n)d ký tự).") % {"field": label, "n": shortest})
        elif len(value) > longest:
            errors.append(
                _("%(field)s quá dài: %(length)d ký tự, tối đa %(n)d ký tự.")
                % {"field": label, "length": len(value), "n": longest}
            )
    return errors


@transaction.atomic
def do_submit_question(briefing: Briefing, submission: Submission, ip: str) -> Question:
    """A journalist's question from the public form (no account). The form has already checked the honeypot and
    the fill time; this checks the briefing, the lengths, the rate limits and duplicates. Nothing is stored when
    any check fails (ValidationError with the reasons, in Vietnamese)."""
    # Serialise the submissions to one briefing, so that two at once cannot both pass the limits.
    current = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not current.is_open_for_questions:
        raise ValidationError(_("Buổi này không còn nhận câu hỏi trực tuyến."))
    submission = Submission(
        journalist_name=" ".join(submission.journalist_name.split()),
        outlet_name=" ".join(submission.outlet_name.split()),
        email=submission.email.strip().lower(),
        text=submission.text.strip(),
    )
    errors = _length_errors(submission)
    if errors:
        raise ValidationError(errors)
    hashed = intake.ip_hash(ip)
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = Question.objects.filter(submitted_at__gte=hour_ago, from_public_form=True)
    if recent.filter(ip_hash=hashed).count() >= intake.per_ip_per_hour():
        raise ValidationError(
            _("Bạn đã gửi %(n)d câu hỏi trong một giờ qua từ địa chỉ mạng này. Vui lòng thử lại sau.")
            % {"n": intake.per_ip_per_hour()}
        )
    if recent.filter(email=submission.email).count() >= intake.per_email_per_hour():
        raise ValidationError(
            _("Địa chỉ thư điện tử này đã gửi %(n)d câu hỏi trong một giờ qua. Vui lòng thử lại sau.")
            % {"n": intake.per_email_per_hour()}
        )
    fingerprint = intake.fingerprint(submission.text)
    duplicate = _("Câu hỏi này đã được gửi cho buổi giao ban, không cần gửi lại.")
    if Question.objects.filter(briefing=current, fingerprint=fingerprint).exists():
        raise ValidationError(duplicate)
    question = Question(
        briefing=current,
        journalist_name=submission.journalist_name,
        outlet_name=submission.outlet_name,
        email=submission.email,
        text=submission.text,
        fingerprint=fingerprint,
        ip_hash=hashed,
    )
    question.full_clean(exclude=["fingerprint", "ip_hash"])
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError as exc:
        raise ValidationError(duplicate) from exc
    # No e-mail or address in the log: the journalist's name and outlet are what the office works with.
    record_event(
        None, "briefings.question.submit", question, summary=f"{question.journalist_name}, {question.outlet_name}"
    )
    return question


@transaction.atomic
def do_record_question(actor: User | None, briefing: Briefing, values: Mapping[str, str]) -> Question:
    """A question asked in the room (or by telephone), entered by the press office: no rate limits."""
    check_can_manage(actor)
    question = Question(
        briefing=briefing,
        journalist_name=values.get("journalist_name", "").strip(),
        outlet_name=values.get("outlet_name", "").strip(),
        email=values.get("email", "").strip().lower(),
        text=values.get("text", "").strip(),
        from_public_form=False,
    )
    question.fingerprint = intake.fingerprint(question.text)
    question.full_clean(exclude=["email", "fingerprint", "ip_hash"])
    if Question.objects.filter(briefing=briefing, fingerprint=question.fingerprint).exists():
        raise ValidationError(_("Câu hỏi này đã có trong danh sách."))
    question.save()
    record_event(actor, "briefings.question.record", question, summary=question.journalist_name)
    return question


@transaction.atomic
def do_assign_question(actor: User | None, question: Question, organisation: Organisation) -> Question:
    check_can_manage(actor)
    current = Question.objects.select_for_update().get(pk=question.pk)
    if current.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("Câu hỏi đã được trả lời, không giao lại được."))
    before = str(current.assigned_to) if current.assigned_to_id else None
    current.assigned_to = organisation
    current.assigned_at = timezone.now()
    current.status = QuestionStatus.ASSIGNED
    current.save(update_fields=["assigned_to", "assigned_at", "status"])
    record_event(
        actor,
        "briefings.question.assign",
        current,
        changes={"assigned_to": [before, str(organisation)]},
        organisation=organisation,
    )
    return current


def check_can_answer(user: User, question: Question) -> None:
    require_perm(user, "briefings.answer_question")
    if question.assigned_to_id is None:
        raise PermissionDenied(_("Câu hỏi chưa được giao cho cơ quan nào."))
    if not in_scope(user, question.assigned_to_id):
        raise PermissionDenied(_("Câu hỏi được giao cho cơ quan khác."))


@transaction.atomic
def do_answer_question(actor: User, question: Question, answer: str) -> Question:
    current = Question.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=question.pk)
    check_can_answer(actor, current)
    answer = answer.strip()
    if len(answer) < 2:
        raise ValidationError(_("Cần nhập nội dung trả lời."))
    before = current.answer
    current.answer = answer
    current.answered_at = timezone.now()
    current.answered_by = actor
    current.status = QuestionStatus.ANSWERED
    current.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    record_event(
        actor,
        "briefings.question.answer",
        current,
        changes={"answer": [before, answer]},
        organisation=current.assigned_to,
    )
    return current


# --- urgent statements ------------------------------------------------------------------------------------------
def urgent_target() -> timedelta:
    """The time allowed between a sudden event and the statement (``BRIEFINGS_URGENT_STATEMENT_HOURS``, default
    24: the earlier Decision 25/2013 said "within 1 day"; Decree 09's own deadline is not verified)."""
    return timedelta(hours=float(getattr(settings, "BRIEFINGS_URGENT_STATEMENT_HOURS", 24)))


@transaction.atomic
def do_record_statement(actor: User | None, values: Mapping[str, Any]) -> UrgentStatement:
    check_can_manage(actor)
    statement = UrgentStatement(**{k: v for k, v in values.items() if k in STATEMENT_FIELDS})
    _check_statement(statement)
    statement.save()
    record_event(
        actor,
        "briefings.statement.create",
        statement,
        changes=diff({}, snapshot(statement, STATEMENT_FIELDS)),
        organisation=statement.organisation,
    )
    return statement


@transaction.atomic
def do_update_statement(actor: User | None, statement: UrgentStatement, values: Mapping[str, Any]) -> UrgentStatement:
    check_can_manage(actor)
    current = UrgentStatement.objects.select_for_update().get(pk=statement.pk)
    before = snapshot(current, STATEMENT_FIELDS)
    for name, value in values.items():
        if name in STATEMENT_FIELDS:
            setattr(current, name, value)
    _check_statement(current)
    current.save()
    changes = diff(before, snapshot(current, STATEMENT_FIELDS))
    if changes:
        record_event(actor, "briefings.statement.update", current, changes=changes, organisation=current.organisation)
    return current


def _check_statement(statement: UrgentStatement) -> None:
    statement.full_clean()
    if statement.statement_at is not None and statement.statement_at < statement.event_at:
        raise ValidationError({"statement_at": _("Thời điểm phát ngôn không thể trước khi sự kiện xảy ra.")})
    if statement.event_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"event_at": _("Thời điểm sự kiện không thể ở tương lai.")})


def elapsed_text(elapsed: timedelta) -> str:
    """ "26 giờ 05 phút" (hours beyond a day are still hours: the target is counted in hours)."""
    minutes = max(int(elapsed.total_seconds() // 60), 0)
    return _("%(hours)d giờ %(minutes)02d phút") % {"hours": minutes // 60, "minutes": minutes % 60}


def statement_state(statement: UrgentStatement, now: datetime | None = None) -> str:
    """ "on_time" / "late" (made, after the target) / "waiting" (not yet, still within it) / "overdue"."""
    late = statement.elapsed(now) > urgent_target()
    if statement.statement_at is not None:
        return "late" if late else "on_time"
    return "overdue" if late else "waiting"
