"""Report pages: the list (and the form to draft one), one report (its figures, its texts to edit), the Word
download, refresh and issue. Views are thin: every change goes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user
from lantoa.reports import document, services
from lantoa.reports.models import PeriodKind, Report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    services.check_can_view(user)
    today = timezone.localdate()
    context = {
        "reports": Report.objects.select_related("issued_by").order_by("-year", "-quarter", "-id"),
        "can_edit": user.has_perm("reports.change_report"),
        "kinds": PeriodKind.choices,
        "years": list(range(today.year, today.year - 5, -1)),
        "quarters": [(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        "this_year": today.year,
        "last_quarter": (today.month - 1) // 3 or 4,
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    try:
        period = services.period_from(
            request.POST.get("ky", ""), request.POST.get("nam", ""), request.POST.get("quy", "")
        )
        report = services.do_create_draft(user, period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:list")
    return redirect("reports:detail", pk=report.pk)


def _report_for(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("issued_by", "created_by"), pk=pk)
    services.check_can_view(acting_user(request), report)
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    figures = report.figures
    context = {
        "report": report,
        "title": document.title(document.period_of(figures)),
        "number_line": document.number_line(report.number),
        "addressees": "; ".join(document.ADDRESSEES),
        "blocks": document.blocks(figures),
        "chart": document.chart_data_uri(figures),
        "intro": document.paragraphs_of(report.intro),
        "shortcomings": document.paragraphs_of(report.shortcomings),
        "directions": document.paragraphs_of(report.directions),
        "can_edit": report.is_draft and acting_user(request).has_perm("reports.change_report"),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_POST
def report_texts(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    texts = {name: request.POST[name] for name in services.TEXT_FIELDS if name in request.POST}
    try:
        services.do_update_texts(acting_user(request), report, **texts)
        messages.success(request, _("Đã lưu nội dung báo cáo."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        services.do_refresh(acting_user(request), report)
        messages.success(request, _("Đã cập nhật số liệu."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        report = services.do_issue(acting_user(request), report)
        messages.success(request, _("Đã phát hành %(number)s.") % {"number": document.number_line(report.number)})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    response = HttpResponse(services.docx_bytes(report), content_type=DOCX)
    period = f"quy-{report.quarter}-{report.year}" if report.quarter else f"nam-{report.year}"
    name = f"bao-cao-{period}{'-du-thao' if report.is_draft else ''}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
