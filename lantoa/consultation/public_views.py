"""The public site (no account): the list, a draft article by article, commenting, verifying, withdrawing,
subscribing, the attached documents and the published report. Contact data never reaches these templates."""

from __future__ import annotations

import secrets
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantoa.consultation import comments, notify, review, services
from lantoa.consultation.models import Attachment, Consultation, Phase, Unit, UnitKind
from lantoa.core.clientip import client_ip

DOCX_TYPE = services.DOCX_TYPE


def _public(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("organisation").exclude(phase=Phase.DRAFT), pk=pk)


def consultation_list(request: HttpRequest) -> HttpResponse:
    counted = Q(comments__verified_at__isnull=False, comments__withdrawn_at__isnull=True,
                comments__moderation__in=["unreviewed", "approved"])  # fmt: skip
    consultations = (
        Consultation.objects.exclude(phase=Phase.DRAFT)
        .select_related("organisation")
        .annotate(comment_count=Count("comments", filter=counted))
        .order_by("closes_at", "id")
    )
    open_ = [c for c in consultations if c.phase == Phase.OPEN]
    closed = sorted((c for c in consultations if c.phase != Phase.OPEN), key=lambda c: c.closes_at or timezone.now(),
                    reverse=True)  # fmt: skip
    return render(request, "consultation/public/list.html", {"open": open_, "closed": closed})


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    units = list(consultation.units.all())
    counts = services.article_counts(consultation)
    answers = review.groups_by_unit(consultation) if consultation.phase == Phase.REPORTED else {}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    for unit in units:
        unit.subunits = children.get(unit.pk, [])  # type: ignore[attr-defined]
        unit.comment_count = counts.get(unit.pk, 0)  # type: ignore[attr-defined]
        unit.answers = answers.get(unit.pk, [])  # type: ignore[attr-defined]
    shown = list(services.publicly_shown(consultation).select_related("unit").order_by("-created_at")[:100])
    context = {
        "consultation": consultation,
        "units": units,
        "whole_count": counts.get(None, 0),
        "total": sum(counts.values()),
        "whole_answers": answers.get(None, []),
        "shown_comments": shown,
        "attachments": consultation.attachments.all(),
        "english": request.LANGUAGE_CODE == "en",
    }
    return render(request, "consultation/public/detail.html", context)


@require_http_methods(["GET", "POST"])
def comment_form(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    articles = list(consultation.units.filter(kind=UnitKind.ARTICLE))
    values = {"unit": request.GET.get("dieu", ""), "text": "", "name": "", "email": "", "consent": False}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {
            "unit": request.POST.get("unit", ""),
            "text": request.POST.get("text", ""),
            "name": request.POST.get("name", ""),
            "email": request.POST.get("email", ""),
            "consent": bool(request.POST.get("consent")),
        }
        unit_value = str(values["unit"])
        try:
            submission = comments.submit(
                consultation, text=str(values["text"]), email=str(values["email"]), consent=bool(values["consent"]),
                unit_id=int(unit_value) if unit_value.isdigit() else None, name=str(values["name"]),
                address=client_ip(request), nonce=request.POST.get("nonce", ""),
                honeypot=request.POST.get("website", ""),
            )  # fmt: skip
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}
        else:
            token = comments.verify_token(submission.comment)
            if submission.code:
                comments.send_code(
                    submission,
                    request.build_absolute_uri(reverse("consultation_public:verify", args=[token])),
                    request.build_absolute_uri(
                        reverse("consultation_public:withdraw", args=[comments.withdraw_token(submission.comment)])
                    ),
                )
            return redirect("consultation_public:verify", token=token)
    context = {
        "consultation": consultation,
        "articles": articles,
        "values": values,
        "errors": errors,
        "nonce": request.POST.get("nonce") or secrets.token_hex(16),
        "retention_days": comments.retention_days(),
    }
    return render(request, "consultation/public/comment_form.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    comment = comments.comment_for_token(token, comments.VERIFY_SALT)
    if comment is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            comment = comments.verify(comment, request.POST.get("code", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {"comment": comment, "consultation": comment.consultation, "error": error}
    return render(request, "consultation/public/verify.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    comment = comments.comment_for_token(token, comments.WITHDRAW_SALT)
    if comment is None:
        raise Http404
    done = False
    if request.method == "POST":
        comments.withdraw(comment, withdraw_comment=request.POST.get("what") == "comment")
        done = True
    return render(request, "consultation/public/withdraw.html", {"consultation": comment.consultation, "done": done})


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    consultation = _public(pk)
    item = get_object_or_404(Attachment, pk=attachment_pk, consultation=consultation)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    if consultation.phase != Phase.REPORTED:
        raise Http404
    response = HttpResponse(review.report_docx(consultation), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tiep-thu-giai-trinh-{consultation.pk}.docx"'
    return response


@require_http_methods(["POST"])
def subscribe(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    error = ""
    try:
        notify.subscribe(consultation, request.POST.get("email", ""), bool(request.POST.get("consent")))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = {"consultation": consultation, "error": error, "step": "asked"}
    return render(request, "consultation/public/subscription.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def subscription(request: HttpRequest, token: str, action: str) -> HttpResponse:
    """Confirm or remove a subscription from the link in a mail; GET shows a button (mail scanners follow links)."""
    subscriber = notify.subscriber_for(token)
    if subscriber is None:
        raise Http404
    consultation = subscriber.consultation
    step = action
    if request.method == "POST":
        if action == "confirm":
            notify.confirm(subscriber)
            step = "confirmed"
        else:
            notify.unsubscribe(subscriber)
            step = "removed"
    context = {"consultation": consultation, "step": step, "token": token}
    return render(request, "consultation/public/subscription.html", context)
