"""Digest pages: the archive, one digest (read, or review and issue a draft), downloads, subscribers.
Views are thin: every change goes through ``services``."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, require_perm
from lantoa.digests import render as documents
from lantoa.digests import services
from lantoa.digests.models import Digest, DigestEntry, DigestStatus, Period, Subscription

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _visible(request: HttpRequest) -> QuerySet[Digest]:
    user = acting_user(request)
    require_perm(user, "digests.view_digest")
    digests = Digest.objects.annotate(kept=Count("entries", filter=Q(entries__excluded=False))).order_by("-day", "-id")
    if not user.has_perm("digests.change_digest"):
        digests = digests.filter(status=DigestStatus.ISSUED)
    return digests


@login_required
def digest_list(request: HttpRequest) -> HttpResponse:
    digests = _visible(request)
    period = request.GET.get("ky", "")
    if period in Period.values:
        digests = digests.filter(period=period)
    page = Paginator(digests.select_related("issued_by"), 30).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "period": period,
        "periods": Period.choices,
        "can_edit": acting_user(request).has_perm("digests.change_digest"),
        "today": timezone.localdate(),
    }
    return render(request, "digests/digest_list.html", context)


@login_required
@require_POST
def digest_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    try:
        day = datetime.strptime(request.POST.get("ngay", ""), "%d/%m/%Y").date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        messages.error(request, _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."))
        return redirect("digests:list")
    try:
        digest = services.do_create_draft(user, request.POST.get("ky", ""), day)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("digests:list")
    return redirect("digests:detail", pk=digest.pk)


def _digest_for(request: HttpRequest, pk: int) -> Digest:
    digest = get_object_or_404(Digest.objects.select_related("issued_by", "created_by"), pk=pk)
    services.check_can_view(acting_user(request), digest)
    return digest


@login_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = _digest_for(request, pk)
    rendering = services.rendering_for(digest)
    can_edit = digest.is_draft and acting_user(request).has_perm("digests.change_digest")
    context = {
        "digest": digest,
        "can_edit": can_edit,
        "entries": list(digest.entries.all()) if can_edit else [],
        "move_actions": [("up", _("Lên trên")), ("down", _("Xuống dưới"))],
        **documents.html_context(rendering),
    }
    return render(request, "digests/digest_detail.html", context)


@login_required
def digest_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    digest = _digest_for(request, pk)
    rendering = services.rendering_for(digest)
    if fmt == "docx":
        body: bytes | str = documents.docx_bytes(rendering)
    elif fmt == "pdf":
        body = documents.pdf_bytes(rendering)
    else:
        body = documents.html_document(rendering)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"diem-tin-{digest.period}-{digest.day:%Y-%m-%d}{'-du-thao' if digest.is_draft else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def digest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One form handler for the review actions: note on the digest, drop/restore/annotate/move an entry, issue."""
    user = acting_user(request)
    digest = _digest_for(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "note":
            services.do_set_note(user, digest, request.POST.get("note", ""))
        elif action in ("publish", "unpublish"):
            services.do_set_public(user, digest, action == "publish")
        elif action == "issue":
            digest = services.do_issue(user, digest)
            messages.success(request, _("Đã phát hành %(number)s.") % {"number": documents.number_line(digest.number)})
        elif action in ("exclude", "include", "entry_note", "up", "down"):
            entry = get_object_or_404(DigestEntry, pk=request.POST.get("entry", "0") or 0, digest=digest)
            if action in ("up", "down"):
                services.do_move_entry(user, entry, action)
            elif action == "entry_note":
                services.do_update_entry(user, entry, note=request.POST.get("note", ""))
            else:
                services.do_update_entry(user, entry, excluded=action == "exclude")
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    anchor = f"#muc-{request.POST['entry']}" if request.POST.get("entry", "").isdigit() else ""
    return redirect(f"{digest_url(digest)}{anchor}")


def digest_url(digest: Digest) -> str:
    return reverse("digests:detail", args=[digest.pk])


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "digests.view_subscription")
    if request.method == "POST":
        try:
            services.do_subscribe(
                user, request.POST.get("email", ""), request.POST.get("name", ""),
                daily=bool(request.POST.get("daily")), weekly=bool(request.POST.get("weekly")),
            )  # fmt: skip
            messages.success(request, _("Đã thêm người nhận."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("digests:subscriptions")
    context = {
        "subscriptions": Subscription.objects.order_by("email"),
        "can_edit": user.has_perm("digests.add_subscription"),
    }
    return render(request, "digests/subscription_list.html", context)


@login_required
@require_POST
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.do_unsubscribe(acting_user(request), get_object_or_404(Subscription, pk=pk))
    messages.success(request, _("Đã xóa người nhận."))
    return redirect("digests:subscriptions")


def latest_issued(limit: int = 3) -> list[Digest]:
    """For the dashboard's panel."""
    return list(Digest.objects.filter(status=DigestStatus.ISSUED).order_by("-issued_at")[:limit])


def public_list(request: HttpRequest) -> HttpResponse:
    """Digests the press office chose to publish: anyone may read them (no account)."""
    digests = Digest.objects.filter(status=DigestStatus.ISSUED, public=True).order_by("-day", "-id")
    page = Paginator(digests, 30).get_page(request.GET.get("trang"))
    return render(request, "digests/public_list.html", {"page": page})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = get_object_or_404(Digest, pk=pk, status=DigestStatus.ISSUED, public=True)
    context = {"digest": digest, **documents.html_context(services.rendering_for(digest))}
    return render(request, "digests/public_detail.html", context)
