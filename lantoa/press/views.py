"""Press-request pages: list with filters, create (form or one click from a story), detail with timeline and action
forms, attachments, the report and its exports, and the public page of published answers. Views are thin: every
change goes through ``services``; a refused action re-shows the page with the officer's input and the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import User
from lantoa.accounts.permissions import acting_user, has_role, in_scope, require_perm, scoped_organisation_ids
from lantoa.accounts.roles import Role
from lantoa.monitoring.models import Story
from lantoa.org.models import Organisation
from lantoa.press import forms, reports, services
from lantoa.press.models import OPEN_STATUSES, PressRequest, Status

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _errors_into(form: django_forms.Form, error: ValidationError) -> None:
    """Put a service's error next to the field it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    requests = services.visible_requests(user)
    scope = scoped_organisation_ids(user)
    filters = forms.FilterForm(request.GET or None)
    organisations = Organisation.objects.filter(press_requests__isnull=False).distinct().order_by("name")
    if scope is not None:
        organisations = organisations.filter(id__in=scope)
    filters.fields["co_quan"].queryset = organisations  # type: ignore[attr-defined]
    today = timezone.localdate()
    if filters.is_valid():
        if status := filters.cleaned_data["trang_thai"]:
            requests = requests.filter(status=status)
        if organisation := filters.cleaned_data["co_quan"]:
            requests = requests.filter(organisation=organisation)
        if filters.cleaned_data["qua_han"]:
            requests = requests.filter(status__in=OPEN_STATUSES, legal_deadline__lt=today)
    requests = requests.select_related("outlet", "organisation").order_by("-received_on", "-id")
    page = Paginator(requests, 30).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "page": page,
        "filters": filters,
        "today": today,
        "query": query.urlencode(),
        "can_create": user.has_perm("press.add_pressrequest"),
        "can_report": True,
    }
    return render(request, "press/request_list.html", context)


def _create_form_page(
    request: HttpRequest, form: forms.RequestForm, story: Story | None, status: int = 200
) -> HttpResponse:
    suggested = services.suggest_organisations(story) if story is not None else []
    return render(
        request, "press/request_form.html", {"form": form, "story": story, "suggested": suggested}, status=status
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "press.add_pressrequest")
    story = None
    story_id = request.POST.get("story") or request.GET.get("tin")
    if story_id and str(story_id).isdigit():
        story = Story.objects.filter(pk=int(story_id)).first()
    if request.method != "POST":
        initial: dict[str, Any] = {"received_on": timezone.localdate()}
        if story is not None:
            initial |= {"story": story.pk, "issue": story.title, "outlet": services.outlet_of(story)}
        return _create_form_page(request, forms.RequestForm(initial=initial), story)
    form = forms.RequestForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.do_create(
                user, outlet=data["outlet"], issue=data["issue"], legal_type=data["legal_type"],
                received_on=data["received_on"], letter_number=data["letter_number"], letter_date=data["letter_date"],
                story=story, letter=data["letter"],
            )  # fmt: skip
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận yêu cầu %(ref)s.") % {"ref": created.reference})
            return redirect("press:detail", pk=created.pk)
    return _create_form_page(request, form, story, status=400)


@login_required
@require_POST
def request_from_story(request: HttpRequest, story_pk: int) -> HttpResponse:
    """The story page's one-click "Yêu cầu phản hồi"."""
    user = acting_user(request)
    story = get_object_or_404(Story, pk=story_pk)
    try:
        created = services.do_create_from_story(user, story)
    except ValidationError as exc:
        existing = PressRequest.objects.filter(story=story, status__in=OPEN_STATUSES).first()
        if existing is not None and in_scope(user, existing.organisation_id):
            messages.error(request, " ".join(exc.messages))
            return redirect("press:detail", pk=existing.pk)
        if existing is not None:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:story_detail", pk=story.pk)
        # Missing press agency (the story's copies name none): the form, filled, with the error on the field.
        data = {
            "story": story.pk, "issue": story.title, "legal_type": "answer",
            "received_on": f"{timezone.localdate():%d/%m/%Y}",
        }  # fmt: skip
        form = forms.RequestForm(data)
        form.is_valid()
        _errors_into(form, exc)
        return _create_form_page(request, form, story, status=400)
    messages.success(request, _("Đã tiếp nhận yêu cầu %(ref)s.") % {"ref": created.reference})
    return redirect("press:detail", pk=created.pk)


def _request_for(user: User, pk: int) -> PressRequest:
    """A request the user may see; 404 for one outside the scope (its existence is not revealed)."""
    found = PressRequest.objects.select_related("outlet", "organisation", "story", "approved_by", "created_by")
    press_request = get_object_or_404(found, pk=pk)
    try:
        services.check_can_view(user, press_request)
    except PermissionDenied:
        if user.has_perm("press.view_pressrequest"):
            raise Http404 from None
        raise
    return press_request


def allowed_actions(user: User, press_request: PressRequest) -> set[str]:
    """What the detail page offers; the services check again on submit."""
    status = press_request.status
    actions: set[str] = set()
    office = services._is_press_office(user)
    works = user.has_perm("press.change_pressrequest") and (
        office or (press_request.organisation_id is not None and in_scope(user, press_request.organisation_id)
                   and scoped_organisation_ids(user) is not None)
    )  # fmt: skip
    if user.has_perm("press.assign_pressrequest") and status in (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTING):
        actions.add("assign")
    if works and status in (Status.ASSIGNED, Status.DRAFTING, Status.APPROVED):
        actions.add("draft")
    if works and status in (*OPEN_STATUSES, Status.ANSWERED):
        actions.add("attach")
    approver = office or (has_role(user, Role.SPOKESPERSON) and in_scope(user, press_request.organisation_id))
    if status == Status.DRAFTING and user.has_perm("press.approve_pressrequest") and approver:
        actions.add("approve")
    if works and status == Status.APPROVED:
        actions.add("answer")
    if user.has_perm("press.close_pressrequest"):
        if status == Status.ANSWERED:
            actions.add("close")
        if status in (Status.ANSWERED, Status.CLOSED):
            actions.add("reopen")
    if user.has_perm("press.publish_pressrequest") and status in (Status.ANSWERED, Status.CLOSED):
        actions.add("unpublish" if press_request.published else "publish")
    return actions


ACTION_FORMS: dict[str, type[django_forms.Form]] = {
    "assign": forms.AssignForm,
    "draft": forms.DraftForm,
    "approve": forms.ApproveForm,
    "answer": forms.AnswerForm,
    "close": forms.NoteForm,
    "reopen": forms.ReopenForm,
    "attach": forms.AttachForm,
    "publish": forms.PublishForm,
    "unpublish": forms.NoteForm,
}


def _initial(press_request: PressRequest, action: str) -> dict[str, Any]:
    if action == "draft":
        return {"answer_text": press_request.answer_text}
    if action == "assign":
        return {"organisation": press_request.organisation_id}
    if action == "answer":
        return {"answered_on": timezone.localdate(), "where": press_request.outlet.name}
    if action == "publish":
        return {"public_title": press_request.public_title}
    return {}


def _detail_page(
    request: HttpRequest, user: User, press_request: PressRequest, bound: django_forms.Form | None = None,
    bound_action: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    actions = allowed_actions(user, press_request)
    if bound is not None:
        actions.add(bound_action)  # a refused action is shown again, with the input and the reason
    action_forms = {
        action: (bound if action == bound_action and bound is not None else ACTION_FORMS[action](
            initial=_initial(press_request, action), prefix=action))
        for action in sorted(actions)
    }  # fmt: skip
    if "assign" in action_forms:
        codes = press_request.suggested
        suggested = {org.code: org for org in Organisation.objects.filter(code__in=codes)}
        assign_form = action_forms["assign"]
        suggested_list = [suggested[code] for code in codes if code in suggested]
    else:
        assign_form, suggested_list = None, []
    context = {
        "r": press_request,
        "forms": action_forms,
        "assign_form": assign_form,
        "suggested": suggested_list,
        "events": press_request.events.select_related("actor").order_by("at", "id"),
        "attachments": press_request.attachments.order_by("uploaded_at", "id"),
        "items": press_request.items.select_related("outlet", "source").order_by("published_at", "id")[:20],
        "today": timezone.localdate(),
        "overdue": press_request.is_overdue(),
    }
    return render(request, "press/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, _request_for(user, pk))


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    press_request = _request_for(user, pk)
    action = request.POST.get("action", "")
    if action not in ACTION_FORMS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("press:detail", pk=pk)
    form = ACTION_FORMS[action](request.POST, request.FILES, prefix=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _perform(user, press_request, action, data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Đã cập nhật yêu cầu %(ref)s.") % {"ref": press_request.reference})
            return redirect("press:detail", pk=pk)
    press_request.refresh_from_db()
    return _detail_page(request, user, press_request, form, action, status=400)


def _perform(user: User, press_request: PressRequest, action: str, data: dict[str, Any]) -> None:
    note = data.get("note", "")
    if action == "assign":
        services.do_assign(user, press_request, data["organisation"], note)
    elif action == "draft":
        services.do_save_draft(user, press_request, data["answer_text"], note)
    elif action == "approve":
        services.do_approve(user, press_request, note)
    elif action == "answer":
        services.do_answer(
            user, press_request, channel=data["channel"], where=data["where"], url=data["url"].strip(),
            answered_on=data["answered_on"], note=note,
        )  # fmt: skip
    elif action == "close":
        services.do_close(user, press_request, note)
    elif action == "reopen":
        services.do_reopen(user, press_request, note)
    elif action == "attach":
        services.do_attach(user, press_request, data["file"], data["kind"])
    elif action == "publish":
        services.do_publish(user, press_request, data["public_title"], no_personal_data=data["no_personal_data"])
    elif action == "unpublish":
        services.do_unpublish(user, press_request, note)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Files are served through the scope check, never from a public media URL."""
    press_request = _request_for(acting_user(request), pk)
    attachment = get_object_or_404(press_request.attachments, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _report_period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    for key, default in (("tu", start), ("den", end)):
        field = django_forms.DateField(input_formats=forms.DATE_FORMATS, required=False)
        try:
            value = field.clean(request.GET.get(key, ""))
        except ValidationError:
            messages.error(request, _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."))
            value = None
        if key == "tu":
            start = value or default
        else:
            end = value or default
    if start > end:
        messages.error(request, _("Ngày bắt đầu phải trước ngày kết thúc."))
        start, end = end, start
    return start, end


@login_required
def report(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    start, end = _report_period(request)
    built = reports.build(user, start, end)
    context = {"report": built, "query": f"tu={start:%d/%m/%Y}&den={end:%d/%m/%Y}"}
    return render(request, "press/report.html", context)


@login_required
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = acting_user(request)
    start, end = _report_period(request)
    built = reports.build(user, start, end)
    body = reports.xlsx_bytes(built) if fmt == "xlsx" else reports.docx_bytes(built)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"bao-cao-tra-loi-bao-chi-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Public pages (no account) -------------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    answers = services.public_answers().select_related("outlet", "organisation").order_by("-answered_on", "-id")
    page = Paginator(answers, 20).get_page(request.GET.get("trang"))
    return render(request, "press/public_list.html", {"page": page})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(services.public_answers().select_related("outlet", "organisation"), pk=pk)
    return render(request, "press/public_detail.html", {"answer": answer})
