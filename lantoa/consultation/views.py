"""Back office of the drafting agency: consultations, the draft's import and correction, attachments, phases,
moderation, synthesis and the documents. Views are thin: every change goes through the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, require_perm, scoped_organisation_ids
from lantoa.consultation import review, services
from lantoa.consultation.models import (
    IMPACT_CRITERIA,
    AttachmentKind,
    Comment,
    Consultation,
    DraftKind,
    Phase,
    Response,
    SynthesisGroup,
    Unit,
    UnitKind,
)
from lantoa.org.models import Organisation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_object_or_404(Consultation.objects.select_related("organisation"), pk=pk)
    services.check_can_view(acting_user(request), consultation)
    return consultation


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    consultations = services.visible_to(user)
    scope = scoped_organisation_ids(user)
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if scope is not None:
        organisations = organisations.filter(pk__in=scope)
    context = {
        "consultations": services.with_campaign_flag(consultations),
        "can_add": user.has_perm("consultation.add_consultation"),
        "organisations": organisations,
        "kinds": DraftKind.choices,
    }
    return render(request, "consultation/consultation_list.html", context)


@login_required
@require_POST
def consultation_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    organisation_id = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id.isdigit() else None
    try:
        consultation = services.do_create(
            user, title=request.POST.get("title", ""), organisation=organisation,
            kind=request.POST.get("kind", DraftKind.DECISION),
        )  # fmt: skip
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("consultation:list")
    return redirect("consultation:detail", pk=consultation.pk)


def _datetime(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        return timezone.make_aware(datetime.strptime(value, "%Y-%m-%dT%H:%M"))  # noqa: DTZ007 - made aware here
    except ValueError as exc:
        raise ValidationError(_("Thời điểm không hợp lệ: %(value)s.") % {"value": value}) from exc


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    user = acting_user(request)
    can_edit = user.has_perm("consultation.change_consultation")
    if request.method == "POST":
        services.check_can_edit(user, consultation)
        try:
            due = request.POST.get("report_due", "").strip()
            services.do_update(
                user, consultation, title=request.POST.get("title", ""), title_en=request.POST.get("title_en", ""),
                kind=request.POST.get("kind", consultation.kind), summary=request.POST.get("summary", ""),
                summary_en=request.POST.get("summary_en", ""), opens_at=_datetime(request.POST.get("opens_at", "")),
                closes_at=_datetime(request.POST.get("closes_at", "")),
                report_due=datetime.strptime(due, "%Y-%m-%d").date() if due else None,  # noqa: DTZ007 - a date
                premoderation=bool(request.POST.get("premoderation")),
                report_note=request.POST.get("report_note", ""),
            )  # fmt: skip
            messages.success(request, _("Đã lưu."))
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect("consultation:detail", pk=pk)
    context: dict[str, Any] = {
        "consultation": consultation,
        "can_edit": can_edit,
        "can_moderate": user.has_perm("consultation.moderate_consultation"),
        "kinds": DraftKind.choices,
        "attachments": consultation.attachments.all(),
        "attachment_kinds": AttachmentKind.choices,
        "unit_count": consultation.units.count(),
        "article_count": consultation.units.filter(kind=UnitKind.ARTICLE).count(),
        "counted": services.counted_comments(consultation).count(),
        "next_phase": services.NEXT_PHASE.get(Phase(consultation.phase)),
        "criteria": [(name, label, getattr(consultation, name)) for name, label in IMPACT_CRITERIA.items()],
        "local_opens": _local(consultation.opens_at),
        "local_closes": _local(consultation.closes_at),
        "has_campaign": Consultation.objects.filter(services.campaign_exists(), pk=consultation.pk).exists(),
    }
    return render(request, "consultation/consultation_detail.html", context)


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


@login_required
@require_POST
def draft_import(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp dự thảo."))
        return redirect("consultation:detail", pk=pk)
    try:
        # The size is checked before the content is read into memory.
        services.check_upload(upload.name or "", upload.size or 0)
        draft = services.do_import_draft(acting_user(request), consultation, upload.name or "", upload.read())
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("consultation:detail", pk=pk)
    messages.success(request, _("Đã tách dự thảo thành %(units)d phần, %(articles)d điều. Hãy kiểm tra trước khi "
                                "công bố.") % {"units": len(draft.units), "articles": draft.article_count})  # fmt: skip
    return redirect("consultation:units", pk=pk)


@login_required
def units(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of the split draft; while not public, each unit can be corrected, merged or split."""
    consultation = _consultation(request, pk)
    user = acting_user(request)
    if request.method == "POST":
        unit = get_object_or_404(Unit, pk=request.POST.get("unit", "0") or 0, consultation=consultation)
        action = request.POST.get("action", "")
        try:
            if action == "save":
                services.do_edit_unit(user, unit, kind=request.POST.get("kind", unit.kind),
                                      label=request.POST.get("label", ""), heading=request.POST.get("heading", ""),
                                      text=request.POST.get("text", ""))  # fmt: skip
            elif action == "merge":
                unit = services.do_merge_unit(user, unit)
            elif action == "split":
                line = request.POST.get("line", "")
                unit = services.do_split_unit(user, unit, int(line) if line.isdigit() else 0)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(f"{request.path}#phan-{unit.pk}")
    context = {
        "consultation": consultation,
        "units": consultation.units.all(),
        "kinds": UnitKind.choices,
        "can_edit": consultation.phase == Phase.DRAFT and user.has_perm("consultation.change_consultation"),
    }
    return render(request, "consultation/units.html", context)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp."))
        services.check_upload(upload.name or "", upload.size or 0)
        services.do_attach(acting_user(request), consultation, request.POST.get("kind", ""), upload.name or "",
                           upload.read())  # fmt: skip
        messages.success(request, _("Đã đính kèm tài liệu."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("consultation:detail", pk=pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    item = get_object_or_404(consultation.attachments, pk=attachment_pk)
    services.do_remove_attachment(acting_user(request), item)
    return redirect("consultation:detail", pk=pk)


@login_required
@require_POST
def phase(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    try:
        services.do_advance(acting_user(request), consultation, request.POST.get("to", ""))
        messages.success(request, _("Đã chuyển giai đoạn."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("consultation:detail", pk=pk)


@login_required
@require_POST
def large_impact(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    criteria = {name: bool(request.POST.get(name)) for name in IMPACT_CRITERIA}
    consultation = services.do_set_large_impact(acting_user(request), consultation, criteria)
    if consultation.large_impact:
        messages.warning(request, _("Chính sách có tác động lớn đến xã hội: cần lập chiến dịch truyền thông "
                                    "(Quyết định 407/QĐ-TTg)."))  # fmt: skip
    else:
        messages.success(request, _("Đã lưu: chưa đủ bốn tiêu chí của chính sách có tác động lớn."))
    return redirect("consultation:detail", pk=pk)


# --- Moderation -----------------------------------------------------------------------------------------------------
@login_required
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    user = acting_user(request)
    if request.method == "POST":
        comment = get_object_or_404(Comment, pk=request.POST.get("comment", "0") or 0, consultation=consultation)
        try:
            changed = review.do_moderate(user, comment, request.POST.get("action", ""),
                                         request.POST.get("reason", ""),
                                         whole_group=bool(request.POST.get("group")))  # fmt: skip
            messages.success(request, _("Đã cập nhật %(n)d ý kiến.") % {"n": changed})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(request.get_full_path())
    show = "done" if request.GET.get("xem") == "da-duyet" else "queue"
    context = {
        "consultation": consultation,
        "entries": review.moderation_queue(consultation, show=show),
        "show": show,
        "can_moderate": user.has_perm("consultation.moderate_consultation"),
    }
    return render(request, "consultation/moderation.html", context)


@login_required
def moderation_log(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    require_perm(acting_user(request), "consultation.view_moderationlog")
    return _download(review.moderation_log_xlsx(consultation), XLSX_TYPE, f"nhat-ky-kiem-duyet-{pk}.xlsx")


@login_required
def comments_export(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    require_perm(acting_user(request), "consultation.view_comment")
    return _download(review.comments_xlsx(consultation), XLSX_TYPE, f"y-kien-gop-y-{pk}.xlsx")


# --- Synthesis ------------------------------------------------------------------------------------------------------
@login_required
def synthesis(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    user = acting_user(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "build":
                placed = review.do_build_groups(user, consultation)
                messages.success(request, _("Đã xếp %(n)d ý kiến vào các nhóm.") % {"n": placed})
            elif request.POST.get("action") == "move":
                comment = get_object_or_404(Comment, pk=request.POST.get("comment", "0") or 0,
                                            consultation=consultation)  # fmt: skip
                group = get_object_or_404(SynthesisGroup, pk=request.POST.get("group", "0") or 0,
                                          consultation=consultation)  # fmt: skip
                review.do_move_comment(user, comment, group)
            else:
                group = get_object_or_404(SynthesisGroup, pk=request.POST.get("group", "0") or 0,
                                          consultation=consultation)  # fmt: skip
                review.do_update_group(user, group, summary=request.POST.get("summary", ""),
                                       response=request.POST.get("response", ""),
                                       response_text=request.POST.get("response_text", ""))  # fmt: skip
                messages.success(request, _("Đã lưu nhóm ý kiến."))
                return redirect(f"{request.path}#nhom-{group.pk}")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(request.path)
    groups = list(review.groups_with_comments(consultation))
    counted = services.counted_comments(consultation)
    for group in groups:
        texts = list(counted.filter(group=group).values_list("pk", "text"))
        group.texts = texts  # type: ignore[attr-defined]
        group.suggestions = review.suggestions([text for _pk, text in texts])  # type: ignore[attr-defined]
    context = {
        "consultation": consultation,
        "groups": groups,
        "ungrouped": counted.filter(group__isnull=True).count(),
        "responses": [choice for choice in Response.choices if choice[0]],
        "can_edit": user.has_perm("consultation.change_consultation"),
        "unanswered": review.unanswered_groups(consultation),
    }
    return render(request, "consultation/synthesis.html", context)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    if not consultation.is_public:
        raise Http404
    return _download(review.report_docx(consultation), services.DOCX_TYPE, f"bao-cao-tiep-thu-giai-trinh-{pk}.docx")
