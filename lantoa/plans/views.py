"""Plan pages: the plan, an organisation's tasks and their report forms, the press office's matrix, reminders.
Views are thin: scope and rules are in ``services``; training pages are in ``training_views``."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, require_perm, scoped_organisation_ids
from lantoa.org.models import Organisation, OrganisationKind
from lantoa.plans import matrix as matrix_module
from lantoa.plans import reminders, services
from lantoa.plans.forms import ReportForm
from lantoa.plans.models import (
    FIGURE_LABELS,
    FIGURES,
    LATE,
    STATE_CHOICES,
    Occurrence,
    Part,
    Plan,
    ReportAttachment,
    Section,
    Status,
    Task,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def errors_into(form: django_forms.Form, error: ValidationError) -> None:
    """Put a service's error next to the field it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _plan(request: HttpRequest, year: int) -> Plan:
    require_perm(acting_user(request), "plans.view_plan")
    return get_object_or_404(Plan, year=year)


def _current_plan() -> Plan | None:
    today = timezone.localdate()
    return Plan.objects.filter(year=today.year).first() or Plan.objects.order_by("-year").first()


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "plans.view_plan")
    plans = Plan.objects.annotate(task_count=Count("tasks")).order_by("-year")
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(request, year)
    tasks = Task.objects.annotate(organisations=Count("assignments")).order_by("position")
    sections = plan.sections.prefetch_related(Prefetch("tasks", queryset=tasks)).order_by("position")
    by_code = {org.code: org.name for org in Organisation.objects.only("code", "name")}
    kind_names = {
        OrganisationKind.DEPARTMENT: _("Các sở, ban, ngành"),
        OrganisationKind.COMMUNE: _("UBND các xã, phường"),
        OrganisationKind.MEDIA: _("Các cơ quan báo chí, thông tin của tỉnh"),
    }
    parts: list[tuple[str, list[Section]]] = []
    for section in sections:
        for task in section.tasks.all():
            spec = task.assignee_spec or {}
            names = [str(kind_names.get(kind, kind)) for kind in spec.get("all", [])]
            names += [by_code.get(code, code) for code in spec.get("codes", [])]
            task.assignee_names = names  # type: ignore[attr-defined]
        label = str(Part(section.part).label)
        if not parts or parts[-1][0] != label:
            parts.append((label, []))
        parts[-1][1].append(section)
    return render(request, "plans/plan_detail.html", {"plan": plan, "parts": parts})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """An organisation's occurrences: by default the open ones whose period has begun (overdue first)."""
    user = acting_user(request)
    plan = _current_plan()
    occurrences = services.visible_occurrences(user)
    scope = scoped_organisation_ids(user)
    organisations = Organisation.objects.filter(plan_assignments__isnull=False).distinct().order_by("kind", "name")
    if scope is not None:
        organisations = organisations.filter(pk__in=scope)
    chosen = None
    code = request.GET.get("don_vi", "")
    if code:
        chosen = get_object_or_404(organisations, code=code)
    elif scope is not None and user.organisation_id is not None:
        chosen = Organisation.objects.filter(pk=user.organisation_id).first()
    today = timezone.localdate()
    show = request.GET.get("hien_thi", "can-bao-cao")
    rows: list[Occurrence] = []
    if chosen is not None and plan is not None:
        occurrences = occurrences.filter(assignment__organisation=chosen, assignment__task__plan=plan)
        if show != "ca-nam":
            occurrences = occurrences.exclude(status=Status.DONE).filter(period_start__lte=today)
        occurrences = occurrences.select_related("assignment__task__section")
        rows = list(occurrences.order_by("due_on", "assignment__task__position"))
    context = {
        "plan": plan,
        "organisations": organisations if scope is None or len(scope) > 1 else [],
        "chosen": chosen,
        "rows": rows,
        "show": show,
        "late": LATE,
        "can_report": user.has_perm("plans.add_progressreport"),
    }
    return render(request, "plans/mine.html", context)


def _occurrence_for(request: HttpRequest, pk: int) -> Occurrence:
    related = Occurrence.objects.select_related("assignment__task__section", "assignment__task__plan",
                                                "assignment__organisation")  # fmt: skip
    occurrence = get_object_or_404(related, pk=pk)
    services.check_can_view(acting_user(request), occurrence)
    return occurrence


@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    occurrence = _occurrence_for(request, pk)
    can_report = services.can_report(user, occurrence)
    status = 200
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(_("Bạn không có quyền báo cáo nhiệm vụ của cơ quan này."))
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.do_report(
                    user, occurrence, status=form.cleaned_data["status"], text=form.cleaned_data["text"],
                    figures=form.figures(), uploads=request.FILES.getlist("files"),
                )  # fmt: skip
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, _("Đã lưu báo cáo tiến độ."))
                return redirect("plans:occurrence", pk=occurrence.pk)
        status = 400
    else:
        initial = {name: getattr(occurrence, name) for name in FIGURES}
        initial["status"] = Status.DONE if occurrence.status == Status.DONE else Status.IN_PROGRESS
        initial["text"] = occurrence.summary
        form = ReportForm(initial=initial)
    reports = occurrence.reports.select_related("created_by").prefetch_related("attachments")
    context = {
        "occurrence": occurrence,
        "task": occurrence.assignment.task,
        "form": form,
        "figure_fields": [form[name] for name in FIGURES],
        "figure_labels": list(FIGURE_LABELS.items()),
        "can_report": can_report,
        "reports": reports,
        "late": LATE,
        "max_mb": services.max_attachment_bytes() // 1048576,
    }
    return render(request, "plans/occurrence_detail.html", context, status=status)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served through the scope check, never from a public media URL."""
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report__occurrence__assignment"), pk=pk)
    services.check_can_view(acting_user(request), attachment.report.occurrence)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _matrix(request: HttpRequest, year: int) -> matrix_module.Matrix:
    user = acting_user(request)
    require_perm(user, "plans.view_occurrence")
    plan = _plan(request, year)
    month = matrix_module.month_of(plan, request.GET.get("thang"))
    return matrix_module.build(
        user, plan, month, kind=request.GET.get("loai", ""), state=request.GET.get("trang_thai", ""),
        section=request.GET.get("muc", ""),
    )  # fmt: skip


@login_required
def matrix_page(request: HttpRequest, year: int) -> HttpResponse:
    matrix = _matrix(request, year)
    if request.GET.get("xuat") == "xlsx":
        response = HttpResponse(matrix_module.xlsx_bytes(matrix), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="theo-doi-ke-hoach-{matrix.month:%Y-%m}.xlsx"'
        return response
    user = acting_user(request)
    context = {
        "matrix": matrix,
        "months": [matrix.month.replace(month=month) for month in range(1, 13)],
        "kinds": [(kind, label) for kind, label in OrganisationKind.choices
                  if kind in (OrganisationKind.DEPARTMENT, OrganisationKind.COMMUNE, OrganisationKind.MEDIA)],
        "states": STATE_CHOICES,
        "sections": Section.objects.filter(plan=matrix.plan).order_by("position").values_list("code", "title"),
        "parts": Part.choices,
        "filters": {key: request.GET.get(key, "") for key in ("loai", "trang_thai", "muc")},
        "late": LATE,
        "can_remind": user.has_perm("plans.change_occurrence"),
        "query": request.GET.urlencode(),
        # One reversed prefix instead of a {% url %} per cell (3,000 cells).
        "occurrence_base": reverse("plans:occurrence", args=[0]).removesuffix("0/"),
    }  # fmt: skip
    return render(request, "plans/matrix.html", context)


@login_required
@require_POST
def remind(request: HttpRequest, year: int) -> HttpResponse:
    """The press office's button: remind the late organisations now (those reminded in the last days are skipped)."""
    user = acting_user(request)
    organisation_ids = None
    if request.POST.get("don_vi", "").isdigit():
        organisation_ids = [int(request.POST["don_vi"])]
    run = reminders.send_reminders(user, organisation_ids=organisation_ids)
    if run.emails:
        messages.success(request, _("Đã gửi %(emails)d thư nhắc %(orgs)d đơn vị về %(n)d kỳ báo cáo quá hạn.")
                         % {"emails": run.emails, "orgs": run.organisations, "n": run.occurrences})  # fmt: skip
    else:
        messages.info(request, _("Không có đơn vị nào cần nhắc (hoặc đã được nhắc trong %(days)d ngày qua).")
                      % {"days": reminders.interval().days})  # fmt: skip
    return redirect(reverse("plans:matrix", args=[year]) + ("?" + request.POST["q"] if request.POST.get("q") else ""))
