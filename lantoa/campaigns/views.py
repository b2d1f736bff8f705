"""Campaign pages: list, one campaign (content calendar, items, results), one content item (versions, variants,
approval, outputs, publication), approval chains, platform accounts. Views are thin: changes go through
``services`` and ``publishing``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import User
from lantoa.accounts.permissions import acting_user, require_perm, scoped_organisation_ids
from lantoa.accounts.roles import ROLE_LABELS
from lantoa.campaigns import forms, publishing, services
from lantoa.campaigns.channels import RULES, Channel
from lantoa.campaigns.connectors import get_connector
from lantoa.campaigns.models import (
    REACH_FIELDS,
    Approval,
    ApprovalChain,
    ApprovalStep,
    Campaign,
    ContentItem,
    ItemStatus,
    Output,
    Platform,
    PlatformCredential,
    PublicationRecord,
    Variant,
)


def _errors(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for text in texts:
        messages.error(request, text)


def _form_errors(form: Any) -> list[str]:
    return [f"{form.fields[f].label if f in form.fields else ''}: {' '.join(str(e) for e in errors)}"
            for f, errors in form.errors.items()]  # fmt: skip


def _valid(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    cleaned: dict[str, Any] = form.cleaned_data
    return cleaned


def _campaign_fields(form: forms.CampaignForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("organisation")
    return data


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    campaigns = (
        services.visible_campaigns(user)
        .select_related("organisation")
        .annotate(item_count=Count("items"))
        .order_by("-starts_on", "-id")
    )
    can_add = user.has_perm("campaigns.add_campaign")
    form = forms.CampaignForm(request.POST or None, user=user) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
        if form.is_valid():
            try:
                campaign = services.do_create_campaign(
                    user, form.cleaned_data["organisation"], **_campaign_fields(form)
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Đã lập chiến dịch."))
                return redirect("campaigns:detail", pk=campaign.pk)
    page = Paginator(campaigns, 30).get_page(request.GET.get("trang"))
    context = {"page": page, "form": form, "awaiting": services.awaiting(user).select_related("current_version")[:20]}
    return render(request, "campaigns/campaign_list.html", context)


def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("organisation", "consultation"), pk=pk)
    services.check_can_view_campaign(acting_user(request), campaign)
    return campaign


def calendar(items: list[ContentItem]) -> list[dict[str, Any]]:
    """Rows by channel, each the planned (date, item, variant) in date order; undated entries last."""
    rows: dict[str, list[tuple[date | None, ContentItem, Variant]]] = defaultdict(list)
    for item in items:
        version = item.current_version
        for variant in version.variants.all() if version else []:
            rows[variant.channel].append((variant.scheduled_on or item.planned_on, item, variant))
    ordered = [code for code in Channel.values if code in rows]
    return [
        {"channel": Channel(code).label, "code": code,
         "entries": sorted(rows[code], key=lambda e: (e[0] is None, e[0] or date.min, e[1].pk))}
        for code in ordered
    ]  # fmt: skip


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    campaign = _campaign_for(request, pk)
    items = list(
        campaign.items.select_related("current_version").prefetch_related(
            Prefetch("current_version__variants", queryset=Variant.objects.order_by("channel"))
        )
    )
    can_manage = services.can_manage(user, campaign.organisation_id, "campaigns.change_contentitem")
    context = {
        "campaign": campaign,
        "items": items,
        "calendar": calendar(items),
        "totals": publishing.totals_by_channel(campaign),
        "reach_fields": REACH_FIELDS,
        "can_manage": can_manage,
        "can_edit": services.can_manage(user, campaign.organisation_id),
        "item_form": forms.ItemForm() if can_manage else None,
        "csv_columns": ", ".join(publishing.CSV_COLUMNS),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    campaign = _campaign_for(request, pk)
    services.check_can_manage(user, campaign.organisation_id)
    initial = {name: getattr(campaign, name) for name in services.CAMPAIGN_FIELDS}
    initial.update(organisation=campaign.organisation, consultation=campaign.consultation)
    form = forms.CampaignForm(request.POST or None, user=user, initial=initial)
    form.fields["organisation"].disabled = True  # moving a campaign to another body is not an edit
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_campaign(user, campaign, **_campaign_fields(form))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu chiến dịch."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    campaign = _campaign_for(request, pk)
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        for text in _form_errors(form):
            messages.error(request, text)
        return redirect("campaigns:detail", pk=campaign.pk)
    data = form.cleaned_data
    try:
        item = services.do_create_item(
            user, campaign, title=data["title"], body=data["body"], title_en=data["title_en"],
            body_en=data["body_en"], planned_on=data["planned_on"],
        )  # fmt: skip
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("campaigns:detail", pk=campaign.pk)
    messages.success(request, _("Đã thêm nội dung."))
    return redirect("campaigns:item", pk=item.pk)


def _item_for(request: HttpRequest, pk: int) -> ContentItem:
    item = get_object_or_404(
        ContentItem.objects.select_related("campaign__organisation", "current_version", "chain"), pk=pk
    )
    services.check_can_view_item(acting_user(request), item)
    return item


def _chain_view(item: ContentItem) -> list[dict[str, Any]]:
    """The chain's steps with their state for the current version: done, awaited, to come."""
    chain = item.chain or services.default_chain(item.campaign.organisation_id)
    if chain is None:
        return []
    decided: dict[int, Any] = {}
    if item.current_version is not None and item.status in (ItemStatus.SUBMITTED, ItemStatus.APPROVED):
        for approval in item.current_version.approvals.select_related("decided_by"):
            decided[approval.step] = approval
    return [
        {"step": step, "approval": decided.get(step.position),
         "awaited": item.status == ItemStatus.SUBMITTED and step.position == item.current_step}
        for step in chain.steps.select_related("user")
    ]  # fmt: skip


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = _item_for(request, pk)
    organisation_id = item.campaign.organisation_id
    versions = list(
        item.versions.select_related("created_by").prefetch_related(
            Prefetch("approvals", queryset=Approval.objects.select_related("decided_by"))
        )
    )
    variants = list(item.current_version.variants.all()) if item.current_version else []
    can_edit = services.can_manage(user, organisation_id, "campaigns.change_contentitem")
    can_publish = services.can_manage(user, organisation_id, "campaigns.publish_contentitem") and item.status in (
        ItemStatus.APPROVED, ItemStatus.PUBLISHED,
    )  # fmt: skip
    try:
        services.check_can_decide(user, item)
        can_decide = True
    except (ValidationError, PermissionDenied):
        can_decide = False
    credentials = set(
        PlatformCredential.objects.filter(organisation_id=organisation_id).values_list("platform", flat=True)
    )
    context = {
        "item": item,
        "version": item.current_version,
        "versions": versions,
        "variants": [{"variant": v, "rule": RULES[v.channel], "length": len(v.body)} for v in variants],
        "rules": [{"code": code, "label": Channel(code).label, "rule": RULES[code]} for code in Channel.values],
        "chain": _chain_view(item),
        "can_edit": can_edit,
        "can_decide": can_decide,
        "can_publish": can_publish,
        "can_produce": can_edit and item.status in (ItemStatus.APPROVED, ItemStatus.PUBLISHED),
        "outputs": Output.objects.filter(version__item=item).select_related("version").order_by("-id"),
        "records": [
            {
                "record": record,
                "figures": [(name, publishing.REACH_LABELS[name], getattr(record, name)) for name in REACH_FIELDS],
            }
            for record in item.publications.order_by("-id")
        ],
        "variant_form": forms.VariantForm(),
        "manual_form": forms.ManualPublicationForm(),
        "connector_form": forms.ConnectorPublicationForm(),
        "platforms": [(p.value, p.label, p.value in credentials) for p in Platform],
        "can_view_campaign": user.has_perm("campaigns.view_campaign"),
    }
    return render(request, "campaigns/item_detail.html", context)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = _item_for(request, pk)
    services.check_can_edit_item(user, item)
    version = services.version_of(item)
    initial = {"title": version.title, "body": version.body, "title_en": version.title_en,
               "body_en": version.body_en, "planned_on": item.planned_on}  # fmt: skip
    form = forms.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.do_edit_item(
                user, item, title=data["title"], body=data["body"], title_en=data["title_en"],
                body_en=data["body_en"], note=data["note"], planned_on=data["planned_on"],
            )  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu phiên bản %(n)d.") % {"n": new.number})
            return redirect("campaigns:item", pk=item.pk)
    return render(request, "campaigns/item_form.html", {"form": form, "item": item})


def _aware(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time(12))) if day else None


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One handler for the item's actions, each a service call; errors come back as messages on the page."""
    user = acting_user(request)
    item = _item_for(request, pk)
    action = request.POST.get("action", "")
    post = request.POST
    try:
        if action == "submit":
            services.do_submit(user, item)
            messages.success(request, _("Đã trình duyệt."))
        elif action in ("approve", "reject"):
            item = services.do_decide(user, item, action, post.get("note", ""))
            messages.success(request, _("Đã ghi ý kiến duyệt: %(status)s.") % {"status": item.get_status_display()})
        elif action == "variant":
            data = _valid(forms.VariantForm(post))
            services.do_set_variant(user, item, data["channel"], title=data["title"], body=data["body"],
                                    scheduled_on=data["scheduled_on"])  # fmt: skip
            messages.success(request, _("Đã lưu nội dung theo kênh."))
        elif action == "remove_variant":
            services.do_remove_variant(user, item, post.get("channel", ""))
        elif action in ("radio", "led", "leaflet"):
            producers = {
                "radio": lambda: services.do_produce_radio(user, item),
                "led": lambda: services.do_produce_led_slides(user, item, orientation=post.get("orientation", "")
                                                               or "landscape"),
                "leaflet": lambda: services.do_produce_leaflet(user, item),
            }  # fmt: skip
            produced = producers[action]()
            messages.success(request, _("Đã tạo %(n)d tệp.") % {"n": len(produced.outputs)})
            if produced.warning:
                messages.warning(request, produced.warning)
        elif action == "mark_published":
            data = _valid(forms.ManualPublicationForm(post))
            record = None
            if post.get("record"):
                record = get_object_or_404(PublicationRecord, pk=post.get("record"), item=item)
            publishing.do_mark_published(user, item, data["channel"], url=data["url"], where=data["where"],
                                         published_at=_aware(data["published_on"]), record=record)  # fmt: skip
            messages.success(request, _("Đã ghi nhận bài đã đăng."))
        elif action in ("publish", "dry_run"):
            data = _valid(forms.ConnectorPublicationForm(post))
            outcome = publishing.do_publish(user, item, data["channel"], dry_run=action == "dry_run",
                                            link=data["link"], media_url=data["media_url"])  # fmt: skip
            level = messages.error if outcome.record.status == "failed" else messages.success
            level(request, outcome.message)
        elif action == "results":
            record = get_object_or_404(PublicationRecord, pk=post.get("record", "0") or 0, item=item)
            publishing.do_record_results(user, record, {name: post.get(name, "") for name in REACH_FIELDS})
            messages.success(request, _("Đã lưu số liệu."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect("campaigns:item", pk=item.pk)


@login_required
def output_download(request: HttpRequest, pk: int) -> FileResponse:
    output = get_object_or_404(Output.objects.select_related("version__item__campaign__organisation"), pk=pk)
    services.check_can_view_item(acting_user(request), output.version.item)
    try:
        handle = output.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = output.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_POST
def results_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    campaign = _campaign_for(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp CSV."))
        if upload.size and upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("Tệp CSV quá lớn (tối đa 2 MB)."))
        report = publishing.do_import_results(user, campaign, upload.read())
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã nhập: %(c)d dòng mới, %(u)d dòng cập nhật.") % {"c": report.created,
                                                                                      "u": report.updated})  # fmt: skip
    return redirect(reverse("campaigns:detail", args=[campaign.pk]) + "#ket-qua")


# --- Approval chains and platform accounts -------------------------------------------------------------------


@login_required
def chain_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "campaigns.view_approvalchain")
    scope = scoped_organisation_ids(user)
    chains = ApprovalChain.objects.select_related("organisation").prefetch_related(
        Prefetch("steps", queryset=ApprovalStep.objects.select_related("user"))
    )
    if scope is not None:
        chains = chains.filter(organisation_id__in=scope)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                organisation = get_object_or_404(
                    forms.organisations_for(user), pk=request.POST.get("organisation") or 0
                )
                services.do_create_chain(user, organisation, request.POST.get("name", ""))
            elif action == "add_step":
                chain = get_object_or_404(chains, pk=request.POST.get("chain") or 0)
                approver = None
                if request.POST.get("user"):
                    approver = get_object_or_404(User, pk=request.POST["user"], organisation_id=chain.organisation_id)
                services.do_add_step(user, chain, user=approver, role=request.POST.get("role", ""))
            elif action == "remove_step":
                step = get_object_or_404(ApprovalStep, pk=request.POST.get("step") or 0, chain__in=chains)
                services.do_remove_step(user, step)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu quy trình duyệt."))
        return redirect("campaigns:chains")
    chain_list_ = list(chains)
    organisation_ids = {chain.organisation_id for chain in chain_list_}
    members = User.objects.filter(organisation_id__in=organisation_ids, is_active=True).order_by("first_name")
    people: dict[int, list[User]] = defaultdict(list)
    for member in members:
        if member.organisation_id is not None:
            people[member.organisation_id].append(member)
    context = {
        "chains": [(chain, people.get(chain.organisation_id, [])) for chain in chain_list_],
        "organisations": forms.organisations_for(user) if user.has_perm("campaigns.add_approvalchain") else [],
        "roles": list(ROLE_LABELS.items()),
        "can_edit": user.has_perm("campaigns.change_approvalchain"),
    }
    return render(request, "campaigns/chain_list.html", context)


@login_required
def credential_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_perm(user, "campaigns.view_platformcredential")
    scope = scoped_organisation_ids(user)
    # .only(): the token column is never even loaded for this page.
    credentials = PlatformCredential.objects.select_related("organisation", "updated_by").only(
        "organisation__name", "platform", "account_id", "updated_at", "updated_by__username",
        "updated_by__first_name", "updated_by__last_name",
    ).order_by("organisation__name", "platform")  # fmt: skip
    if scope is not None:
        credentials = credentials.filter(organisation_id__in=scope)
    form = forms.CredentialForm(request.POST or None, user=user)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            credential = get_object_or_404(credentials, pk=request.POST.get("credential") or 0)
            try:
                publishing.do_delete_credential(user, credential)
            except PermissionDenied as exc:
                _errors(request, exc)
            return redirect("campaigns:credentials")
        if form.is_valid():
            data = form.cleaned_data
            try:
                publishing.do_set_credential(user, data["organisation"], data["platform"],
                                             account_id=data["account_id"], token=data["token"])  # fmt: skip
            except (ValidationError, PermissionDenied) as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Đã lưu tài khoản nền tảng."))
                return redirect("campaigns:credentials")
    context = {
        "credentials": credentials,
        "form": form,
        "can_edit": user.has_perm("campaigns.change_platformcredential"),
        "connectors": [(code, get_connector(code)) for code in Platform.values],
    }
    return render(request, "campaigns/credential_list.html", context)
