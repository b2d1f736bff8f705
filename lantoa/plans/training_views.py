"""Training pages (plan item II.4): the list (and the form for a new session), one session with its attendees,
attendance, feedback and materials. Rules and scope are in ``training``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, require_perm
from lantoa.org.models import Person
from lantoa.plans import training
from lantoa.plans.forms import SessionForm
from lantoa.plans.models import Attendance, TrainingAttendee, TrainingMaterial, TrainingSession
from lantoa.plans.views import errors_into


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "plans.view_trainingsession")
    can_manage = user.has_perm("plans.change_trainingsession")
    form = SessionForm()
    status = 200
    if request.method == "POST":
        training.check_can_manage(user)
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = training.do_create_session(user, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, _("Đã tạo lớp tập huấn."))
                return redirect("plans:training_detail", pk=session.pk)
        status = 400
    sessions = TrainingSession.objects.annotate(
        invited=Count("attendees"), present=Count("attendees", filter=Q(attendees__attendance=Attendance.PRESENT))
    ).order_by("-held_on", "-id")
    context = {"sessions": sessions, "form": form, "can_manage": can_manage}
    return render(request, "plans/training_list.html", context, status=status)


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    require_perm(acting_user(request), "plans.view_trainingsession")
    return get_object_or_404(TrainingSession, pk=pk)


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = _session(request, pk)
    can_manage = user.has_perm("plans.change_trainingsession")
    attendees = list(training.visible_attendees(user, session))
    for attendee in attendees:
        attendee.can_feedback = attendee.attendance == Attendance.PRESENT and (  # type: ignore[attr-defined]
            user.has_perm("plans.change_trainingattendee")
        )
    candidates = []
    if can_manage:
        taken = {attendee.person_id for attendee in attendees}
        people = Person.objects.filter(is_active=True).select_related("organisation")
        people = people.filter(Q(is_spokesperson=True) | Q(is_information_provider=True)) if not request.GET.get(
            "tat_ca") else people  # fmt: skip
        candidates = [person for person in people.order_by("organisation__sort_order", "full_name")
                      if person.pk not in taken]  # fmt: skip
    context = {
        "session": session,
        "attendees": attendees,
        "materials": session.materials.all(),
        "can_manage": can_manage,
        "candidates": candidates,
        "attendance_choices": Attendance.choices,
        "scores": range(1, 6),
        "present": Attendance.PRESENT,
    }
    return render(request, "plans/training_detail.html", context)


@login_required
@require_POST
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One handler for the session's actions: add attendees, attendance, feedback, a material."""
    user = acting_user(request)
    session = _session(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "attendees":
            ids = [int(value) for value in request.POST.getlist("person") if value.isdigit()]
            added = training.do_add_attendees(user, session, ids)
            messages.success(request, _("Đã thêm %(n)d học viên.") % {"n": added})
        elif action == "attendance":
            marks = {
                int(key.removeprefix("diem_danh_")): request.POST.get(key, "")
                for key in request.POST
                if key.startswith("diem_danh_") and key.removeprefix("diem_danh_").isdigit()
            }
            changed = training.do_set_attendance(user, session, marks)
            messages.success(request, _("Đã cập nhật điểm danh (%(n)d thay đổi).") % {"n": changed})
        elif action == "feedback":
            attendee = get_object_or_404(
                TrainingAttendee.objects.select_related("person"), pk=request.POST.get("attendee", "0") or 0,
                session=session,
            )  # fmt: skip
            training.do_feedback(user, attendee, request.POST.get("score", ""), request.POST.get("comment", ""))
            messages.success(request, _("Đã ghi nhận đánh giá của %(name)s.") % {"name": attendee.person.full_name})
        elif action == "material":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Hãy chọn tệp tài liệu."))
            training.do_add_material(user, session, upload)
            messages.success(request, _("Đã tải lên tài liệu."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("plans:training_detail", pk=session.pk)


@login_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    require_perm(acting_user(request), "plans.view_trainingmaterial")
    material = get_object_or_404(TrainingMaterial, pk=pk)
    response = FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.name, content_type=material.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
