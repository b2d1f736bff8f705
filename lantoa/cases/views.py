"""Case pages: the list (open cases beside the flagged items awaiting triage), opening a case from an item, one
case (evidence, timeline, the forms of the steps the user may take), downloads. Views are thin: the forms parse,
the services decide. A case the user may not see answers 404, as if it did not exist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, has_any_role
from lantoa.cases import forms, services
from lantoa.cases.models import Case, CaseMember, CaseOrganisation, CaseStatus, EventKind, PlatformRequest, Referral
from lantoa.monitoring.models import Item

TRIAGE_SHOWN = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not has_any_role(user):  # no role, no page (an empty list would still say the feature is there to them)
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    cases = services.visible_cases(user).select_related("item").annotate(attachment_count=Count("attachments"))
    show_closed = request.GET.get("da_dong") == "1"
    cases = cases.filter(status=CaseStatus.CLOSED) if show_closed else cases.exclude(status=CaseStatus.CLOSED)
    page = Paginator(cases.order_by("-opened_at", "-id"), 30).get_page(request.GET.get("trang"))
    can_open = user.has_perm("cases.add_case")
    triage = list(services.triage_items()[:TRIAGE_SHOWN]) if can_open else []
    context = {"page": page, "show_closed": show_closed, "triage": triage, "can_open": can_open}
    return render(request, "cases/case_list.html", context)


@login_required
def case_open(request: HttpRequest, item_pk: int) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm("cases.add_case"):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    item = get_object_or_404(Item.objects.select_related("source"), pk=item_pk)
    form = forms.OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.do_open_case(user, item, form.cleaned_data["reason"], form.cleaned_data["title"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã mở vụ việc %(code)s; chứng cứ đã được niêm phong.") % {"code": case.code})
            return redirect("cases:detail", pk=case.pk)
    existing = Case.objects.filter(item=item).exclude(status=CaseStatus.CLOSED).first()
    return render(request, "cases/case_open.html", {"item": item, "form": form, "existing": existing})


def _case_for(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(services.visible_cases(acting_user(request)).select_related("item", "opened_by"), pk=pk)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "cases/case_detail.html", _detail_context(request, _case_for(request, pk)))


def _detail_context(request: HttpRequest, case: Case, **bound: Form) -> dict[str, object]:
    user = acting_user(request)
    manager = services.is_manager(user)
    events = list(case.events.all())
    snapshot = case.evidence.snapshot
    integrity_events = [event for event in events if event.kind == EventKind.INTEGRITY]
    context: dict[str, object] = {
        "case": case,
        "snapshot": snapshot,
        "evidence": case.evidence,
        "attachments": list(case.attachments.select_related("uploaded_by")),
        "verifications": list(case.verifications.select_related("author")),
        "corrections": list(case.corrections.all()),
        "platform_requests": list(case.platform_requests.all()),
        "referral": getattr(case, "referral", None),
        "events": events,
        "last_integrity": integrity_events[-1] if integrity_events else None,
        "members": list(CaseMember.objects.filter(case=case).select_related("user")),
        "organisations": list(CaseOrganisation.objects.filter(case=case).select_related("organisation")),
        "manager": manager,
        "can_contribute": not case.is_closed and services.can_contribute(user, case),
        # The snapshot's times, read back from its ISO text (the item itself may be gone).
        "times": {key: _moment(snapshot.get(key)) for key in ("published_at", "ingested_at", "opened_at")},
        "paragraphs": [line for line in (snapshot.get("body") or "").split("\n") if line.strip()],
    }
    if manager:
        context.update(
            outcome_form=forms.OutcomeForm(initial={"outcome": case.outcome, "note": case.outcome_note}),
            correction_form=forms.CorrectionForm(), platform_form=forms.PlatformRequestForm(),
            reply_form=forms.PlatformReplyForm(), referral_form=forms.ReferralForm(), close_form=forms.CloseForm(),
            member_form=forms.MemberForm(), organisation_form=forms.OrganisationForm(),
        )  # fmt: skip
    context.update(verification_form=forms.VerificationForm(), attachment_form=forms.AttachmentForm())
    context.update(bound)  # a form that failed to validate is shown again with its errors and the user's input
    return context


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _redisplay(request: HttpRequest, case: Case, name: str, form: Form) -> HttpResponse:
    messages.error(request, _("Thông tin nhập chưa hợp lệ, xem lỗi bên dưới."))
    return render(request, "cases/case_detail.html", _detail_context(request, case, **{name: form}), status=400)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One handler for the steps of the workflow; ``action`` names the step, its form the fields."""
    user = acting_user(request)
    case = _case_for(request, pk)
    action = request.POST.get("action", "")
    handlers: dict[str, tuple[str, type[Form], Callable[[Form], object]]] = {
        "verification": ("verification_form", forms.VerificationForm, lambda f: services.do_add_verification(
            user, case, f.cleaned_data["note"], f.source_lines())),  # type: ignore[attr-defined]
        "outcome": ("outcome_form", forms.OutcomeForm, lambda f: services.do_set_outcome(
            user, case, f.cleaned_data["outcome"], f.cleaned_data["note"])),
        "correction": ("correction_form", forms.CorrectionForm, lambda f: services.do_add_correction(
            user, case, f.cleaned_data["text"], f.cleaned_data["channel"], f.cleaned_data["published_at"],
            f.cleaned_data["url"])),
        "platform": ("platform_form", forms.PlatformRequestForm, lambda f: services.do_add_platform_request(
            user, case, f.cleaned_data["platform"], f.cleaned_data["request"], f.cleaned_data["sent_at"],
            f.cleaned_data["reply"])),
        "reply": ("reply_form", forms.PlatformReplyForm, lambda f: services.do_record_platform_reply(
            user, get_object_or_404(PlatformRequest, pk=f.cleaned_data["request_id"], case=case),
            f.cleaned_data["reply"], f.cleaned_data["replied_at"])),
        "refer": ("referral_form", forms.ReferralForm, lambda f: services.do_refer(user, case, f.cleaned_data["note"])),
        "close": ("close_form", forms.CloseForm, lambda f: services.do_close(user, case, f.cleaned_data["note"])),
        "add_member": ("member_form", forms.MemberForm, lambda f: services.do_add_member(
            user, case, f.cleaned_data["user"])),
        "add_organisation": ("organisation_form", forms.OrganisationForm, lambda f: services.do_add_organisation(
            user, case, f.cleaned_data["organisation"])),
    }  # fmt: skip
    try:
        if action == "integrity":
            report = services.do_verify_integrity(user, case)
            if report.ok:
                messages.success(request, _("Kiểm tra toàn vẹn: mọi mã băm khớp, chứng cứ còn nguyên vẹn."))
            for check in report.failures:
                messages.error(request, _("KHÔNG KHỚP: %(label)s.") % {"label": check.label})
        elif action == "remove_member":
            member = get_object_or_404(
                CaseMember.objects.select_related("user"), pk=request.POST.get("member") or 0, case=case
            )
            services.do_remove_member(user, case, member.user)
        elif action == "remove_organisation":
            link = get_object_or_404(
                CaseOrganisation.objects.select_related("organisation"), pk=request.POST.get("link") or 0, case=case
            )
            services.do_remove_organisation(user, case, link.organisation)
        elif action in handlers:
            name, form_class, handle = handlers[action]
            form = form_class(request.POST)
            if not form.is_valid():
                return _redisplay(request, case, name, form)
            handle(form)
            messages.success(request, _("Đã ghi nhận."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case_for(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _redisplay(request, case, "attachment_form", form)
    try:
        attachment = services.do_add_attachment(
            user, case, form.cleaned_data["file"], form.cleaned_data["kind"], form.cleaned_data["description"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã lưu tệp “%(name)s”, SHA-256 %(hash)s.") % {
            "name": attachment.original_name, "hash": attachment.sha256})  # fmt: skip
    return redirect("cases:detail", pk=case.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    case = _case_for(request, pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    # Images are shown in the page; PDFs are downloaded. The type was checked from the bytes on upload.
    inline = attachment.is_image and request.GET.get("xem") == "1"
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=not inline,
        filename=attachment.original_name,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def referral_download(request: HttpRequest, pk: int) -> FileResponse:
    case = _case_for(request, pk)
    referral = get_object_or_404(Referral, case=case)
    return FileResponse(
        referral.document.open("rb"), as_attachment=True, filename=f"bao-cao-{case.code}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )  # fmt: skip
