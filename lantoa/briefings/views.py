"""Back-office pages: briefings and press conferences (schedule, participants, agenda, questions, minutes), the
questions an organisation must answer, press conferences per quarter, urgent statements. Thin: every change goes
through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, in_scope, require_perm, scoped_organisation_ids
from lantoa.briefings import attendance, documents, schedule, services
from lantoa.briefings.forms import (
    AgendaForm,
    AnswerForm,
    AssignForm,
    BriefingForm,
    JournalistForm,
    RecordQuestionForm,
    StatementEditForm,
)
from lantoa.briefings.models import Briefing, Question, QuestionStatus, UrgentStatement
from lantoa.org.models import Organisation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _form_errors(request: HttpRequest, form: Form) -> None:
    messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))


@login_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    briefings = services.visible_briefings(user).annotate(
        question_count=Count("questions", distinct=True),
        answered_count=Count("questions", filter=Q(questions__status=QuestionStatus.ANSWERED), distinct=True),
    )
    page = Paginator(briefings.order_by("-starts_at"), 30).get_page(request.GET.get("trang"))
    return render(request, "briefings/briefing_list.html", {"page": page, "can_manage": services.can_manage(user)})


@login_required
def briefing_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    services.check_can_manage(user)
    form = BriefingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.BRIEFING_FIELDS if name in form.cleaned_data}
        try:
            briefing = services.do_create_briefing(user, values, form.cleaned_data["organisations"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lên lịch %(title)s.") % {"title": briefing.title})
            return redirect("briefings:detail", pk=briefing.pk)
    return render(request, "briefings/briefing_form.html", {"form": form, "briefing": None})


@login_required
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    services.check_can_manage(user)
    briefing = get_object_or_404(Briefing, pk=pk)
    form = BriefingForm(request.POST or None, instance=briefing)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.BRIEFING_FIELDS if name in form.cleaned_data}
        try:
            services.do_update_briefing(user, briefing, values, form.cleaned_data["organisations"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("briefings:detail", pk=pk)
    return render(request, "briefings/briefing_form.html", {"form": form, "briefing": briefing})


@login_required
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    briefing = get_object_or_404(services.visible_briefings(user), pk=pk)
    questions = services.visible_questions(user).filter(briefing=briefing).order_by("submitted_at", "id")
    can_manage = services.can_manage(user)
    context = {
        "briefing": briefing,
        "organisations": briefing.organisations.all(),
        "journalists": briefing.journalists.select_related("outlet"),
        "agenda": briefing.agenda.select_related("presenter"),
        "questions": questions,
        "can_manage": can_manage,
        "can_answer": user.has_perm("briefings.answer_question"),
        "answerable": {q.pk for q in questions if q.assigned_to_id and in_scope(user, q.assigned_to_id)},
        "journalist_form": JournalistForm() if can_manage else None,
        "agenda_form": AgendaForm() if can_manage else None,
        # One list for every question's "assign to" select (a form per row would query it per row).
        "assign_choices": list(Organisation.objects.filter(is_active=True).values_list("pk", "name"))
        if can_manage
        else [],
        "question_form": RecordQuestionForm() if can_manage else None,
    }
    return render(request, "briefings/briefing_detail.html", context)


@login_required
@require_POST
def briefing_add(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Add a journalist, an agenda item or a question asked in the room."""
    user = acting_user(request)
    services.check_can_manage(user)
    briefing = get_object_or_404(Briefing, pk=pk)
    forms: dict[str, type[Form]] = {"nha-bao": JournalistForm, "noi-dung": AgendaForm, "cau-hoi": RecordQuestionForm}
    if what not in forms:
        return redirect("briefings:detail", pk=pk)
    form = forms[what](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("briefings:detail", pk=pk)
    data = form.cleaned_data
    try:
        if what == "nha-bao":
            services.do_add_journalist(user, briefing, data["full_name"], data["outlet"], data["outlet_name"])
        elif what == "noi-dung":
            services.do_add_agenda_item(user, briefing, data["title"], data["presenter"])
        else:
            services.do_record_question(user, briefing, data)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("briefings:detail", pk=pk)


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every question and answer: for the province-wide roles (an organisation sees only its own questions)."""
    user = acting_user(request)
    require_perm(user, "briefings.view_question")
    if scoped_organisation_ids(user) is not None:
        raise PermissionDenied(_("Biên bản chỉ dành cho cán bộ báo chí và lãnh đạo."))
    briefing = get_object_or_404(services.visible_briefings(user), pk=pk)
    response = HttpResponse(documents.minutes_docx(briefing), content_type=DOCX)
    day = timezone.localtime(briefing.starts_at)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{briefing.kind}-{day:%Y-%m-%d}.docx"'
    return response


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    """The questions the user's organisation must answer (the press office: every question)."""
    user = acting_user(request)
    questions = services.visible_questions(user).order_by("status", "-submitted_at")
    status = request.GET.get("tinh-trang", "")
    if status in QuestionStatus.values:
        questions = questions.filter(status=status)
    page = Paginator(questions, 50).get_page(request.GET.get("trang"))
    context = {"page": page, "status": status, "statuses": QuestionStatus.choices}
    return render(request, "briefings/question_list.html", context)


@login_required
@require_POST
def question_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    services.check_can_manage(user)
    question = get_object_or_404(Question, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.do_assign_question(user, question, form.cleaned_data["organisation"])
            messages.success(request, _("Đã giao câu hỏi cho %(name)s.") % {"name": form.cleaned_data["organisation"]})
        except ValidationError as exc:
            _errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect("briefings:detail", pk=question.briefing_id)


@login_required
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(Question.objects.select_related("briefing", "assigned_to"), pk=pk)
    services.check_can_view_question(user, question)
    services.check_can_answer(user, question)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_answer_question(user, question, form.cleaned_data["answer"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu câu trả lời."))
            return redirect("briefings:questions")
    return render(request, "briefings/question_answer.html", {"form": form, "question": question})


@login_required
def conferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "briefings.view_briefing")
    now = timezone.now()
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2017), 2100)
    context = {"year": year, "quarters": schedule.quarters(year, now), "can_manage": services.can_manage(user)}
    return render(request, "briefings/conferences.html", context)


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    statements = list(services.visible_statements(user).order_by("-event_at")[:200])
    now = timezone.now()
    rows = [
        (statement, services.elapsed_text(statement.elapsed(now)), services.statement_state(statement, now))
        for statement in statements
    ]
    target_hours = services.urgent_target().total_seconds() / 3600
    context = {"rows": rows, "target_hours": target_hours, "can_manage": services.can_manage(user)}
    return render(request, "briefings/statement_list.html", context)


@login_required
def statement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    services.check_can_manage(user)
    statement = get_object_or_404(UrgentStatement, pk=pk) if pk else None
    form = StatementEditForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.STATEMENT_FIELDS}
        try:
            if statement is None:
                services.do_record_statement(user, values)
            else:
                services.do_update_statement(user, statement, values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("briefings:statements")
    return render(request, "briefings/statement_form.html", {"form": form, "statement": statement})


@login_required
def attendance_matrix(request: HttpRequest) -> HttpResponse:
    """Organisations × months: who took part in the monthly press briefings of a year."""
    user = acting_user(request)
    require_perm(user, "briefings.view_briefing")
    value = request.GET.get("nam", "")
    year = int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year
    context = {
        "matrix": attendance.matrix(year), "year": year, "months": range(1, 13),
        "years": range(timezone.localdate().year + 1, 2019, -1), "tab": "attendance",
    }  # fmt: skip
    return render(request, "briefings/attendance.html", context)
