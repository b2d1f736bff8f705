"""Campaign workflow: campaigns, content items in versions with per-channel variants, the approval chain, and the
outputs the platform produces itself. ``check_*`` authorises, ``do_*`` changes state and writes the audit event.

An item goes draft → submitted (the organisation's default chain is taken, step 1 awaited) → each step approves in
order → approved → published (``publishing.py``). A step's approver is the user it names, or anyone with the role
it names in the chain's organisation; nobody else may decide, whatever their other rights. A rejection sends the
item back to draft. Every edit is a new version: approvals stay attached to the version they approved, and the
item goes back to draft, so the chain starts again on the new text.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import in_scope, require_perm, require_scope, roles_of, scoped_organisation_ids
from lantoa.accounts.roles import Role
from lantoa.audit.services import record_event
from lantoa.campaigns.channels import Channel, limit_errors
from lantoa.campaigns.models import (
    Approval,
    ApprovalChain,
    ApprovalStep,
    Campaign,
    ContentItem,
    ContentVersion,
    Decision,
    ItemStatus,
    Output,
    OutputKind,
    Variant,
)
from lantoa.org.models import Organisation

# --- Campaigns --------------------------------------------------------------------------------------------------


def visible_campaigns(actor: User) -> QuerySet[Campaign]:
    require_perm(actor, "campaigns.view_campaign")
    campaigns = Campaign.objects.all()
    scope = scoped_organisation_ids(actor)
    if scope is not None:
        campaigns = campaigns.filter(organisation_id__in=scope)
    return campaigns


def check_can_view_campaign(actor: User, campaign: Campaign) -> None:
    require_perm(actor, "campaigns.view_campaign")
    require_scope(actor, campaign.organisation_id)


def check_can_manage(actor: User, organisation_id: int | None, perm: str = "campaigns.change_campaign") -> None:
    require_perm(actor, perm)
    require_scope(actor, organisation_id)


def can_manage(actor: User, organisation_id: int | None, perm: str = "campaigns.change_campaign") -> bool:
    return actor.has_perm(perm) and in_scope(actor, organisation_id)


def _clean_campaign(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(fields.get("title", "")).strip():
        errors["title"] = _("Cần có tên chiến dịch.")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if not isinstance(starts, date) or not isinstance(ends, date):
        errors["starts_on"] = _("Cần có thời gian thực hiện (từ ngày, đến ngày).")
    elif ends < starts:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    unknown = [code for code in fields.get("channels", []) if code not in Channel.values]
    if unknown:
        errors["channels"] = _("Kênh không hợp lệ: %(codes)s.") % {"codes": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)


CAMPAIGN_FIELDS = ("title", "policy", "goals", "audience", "messages", "starts_on", "ends_on", "channels")


@transaction.atomic
def do_create_campaign(actor: User, organisation: Organisation, **fields: Any) -> Campaign:
    check_can_manage(actor, organisation.pk, "campaigns.add_campaign")
    _clean_campaign(fields)
    consultation = fields.pop("consultation", None)
    campaign = Campaign.objects.create(
        organisation=organisation, consultation=consultation, created_by=actor,
        **{name: fields[name] for name in CAMPAIGN_FIELDS if name in fields},
    )  # fmt: skip
    record_event(actor, "campaigns.campaign.create", campaign, organisation=organisation)
    return campaign


@transaction.atomic
def do_update_campaign(actor: User, campaign: Campaign, **fields: Any) -> Campaign:
    current = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_can_manage(actor, current.organisation_id)
    before = {name: getattr(current, name) for name in CAMPAIGN_FIELDS}
    merged = {**before, **{name: fields[name] for name in CAMPAIGN_FIELDS if name in fields}}
    _clean_campaign(merged)
    changes = {name: [before[name], merged[name]] for name in CAMPAIGN_FIELDS if before[name] != merged[name]}
    if "consultation" in fields and fields["consultation"] != current.consultation:
        changes["consultation"] = [str(current.consultation or ""), str(fields["consultation"] or "")]
        current.consultation = fields["consultation"]
    for name, (_old, new) in changes.items():
        if name != "consultation":
            setattr(current, name, new)
    if changes:
        current.save()
        record_event(actor, "campaigns.campaign.update", current, organisation=current.organisation,
                     changes={k: [str(v[0]), str(v[1])] for k, v in changes.items()})  # fmt: skip
    return current


# --- Approval chains --------------------------------------------------------------------------------------------


def default_chain(organisation_id: int) -> ApprovalChain | None:
    return ApprovalChain.objects.filter(organisation_id=organisation_id, is_default=True).first()


@transaction.atomic
def do_create_chain(actor: User, organisation: Organisation, name: str) -> ApprovalChain:
    check_can_manage(actor, organisation.pk, "campaigns.add_approvalchain")
    if not name.strip():
        raise ValidationError(_("Cần có tên quy trình."))
    # The newest chain becomes the default: an organisation that rewrites its chain means the new one.
    ApprovalChain.objects.filter(organisation=organisation, is_default=True).update(is_default=False)
    chain = ApprovalChain.objects.create(organisation=organisation, name=name.strip(), is_default=True)
    record_event(actor, "campaigns.chain.create", chain, organisation=organisation)
    return chain


@transaction.atomic
def do_add_step(actor: User, chain: ApprovalChain, *, user: User | None = None, role: str = "") -> ApprovalStep:
    check_can_manage(actor, chain.organisation_id, "campaigns.change_approvalchain")
    if (user is None) == (not role):
        raise ValidationError(_("Mỗi bước duyệt chọn một người duyệt hoặc một vai trò, không chọn cả hai."))
    if role and role not in {r.value for r in Role}:
        raise ValidationError(_("Vai trò không hợp lệ."))
    if user is not None and user.organisation_id != chain.organisation_id:
        raise ValidationError(_("Người duyệt phải thuộc cơ quan của quy trình."))
    last = chain.steps.order_by("-position").values_list("position", flat=True).first() or 0
    step = ApprovalStep.objects.create(chain=chain, position=last + 1, user=user, role=role)
    record_event(actor, "campaigns.chain.step_add", chain, organisation=chain.organisation, summary=str(step))
    return step


@transaction.atomic
def do_remove_step(actor: User, step: ApprovalStep) -> None:
    chain = step.chain
    check_can_manage(actor, chain.organisation_id, "campaigns.change_approvalchain")
    if ContentItem.objects.filter(chain=chain, status=ItemStatus.SUBMITTED).exists():
        raise ValidationError(_("Đang có nội dung trình duyệt theo quy trình này; hãy sửa sau khi duyệt xong."))
    summary = str(step)
    step.delete()
    # Keep positions 1..n so that "the current step" stays an index.
    for position, remaining in enumerate(chain.steps.order_by("position"), 1):
        if remaining.position != position:
            ApprovalStep.objects.filter(pk=remaining.pk).update(position=position)
    record_event(actor, "campaigns.chain.step_remove", chain, organisation=chain.organisation, summary=summary)


# --- Content items and versions ---------------------------------------------------------------------------------


def check_can_view_item(actor: User, item: ContentItem) -> None:
    organisation_id = item.campaign.organisation_id
    if actor.has_perm("campaigns.view_contentitem") and in_scope(actor, organisation_id):
        return
    if item.status == ItemStatus.SUBMITTED and _awaited_step(item, actor) is not None:
        return  # the approver the chain names may read what they are asked to approve
    raise PermissionDenied(_("Bạn không có quyền xem nội dung này."))


def check_can_edit_item(actor: User, item: ContentItem) -> None:
    check_can_manage(actor, item.campaign.organisation_id, "campaigns.change_contentitem")


@dataclass(frozen=True)
class VariantText:
    channel: str
    title: str
    body: str
    scheduled_on: date | None = None


def validate_variant(channel: str, title: str, body: str) -> None:
    if channel not in Channel.values:
        raise ValidationError(_("Kênh không hợp lệ: %(code)s.") % {"code": channel})
    errors = limit_errors(channel, title, body)
    if errors:
        raise ValidationError(errors)


def _clean_text(title: str, body: str) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Cần có tiêu đề.")
    elif len(title) > 300:
        errors["title"] = _("Tiêu đề quá dài (tối đa 300 ký tự).")
    if not body.strip():
        errors["body"] = _("Cần có nội dung.")
    if errors:
        raise ValidationError(errors)


def _new_version(
    actor: User, item: ContentItem, *, title: str, body: str, title_en: str, body_en: str, note: str,
    variants: Iterable[VariantText],
) -> ContentVersion:  # fmt: skip
    last = item.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ContentVersion.objects.create(
        item=item, number=last + 1, title=title.strip(), body=body.strip(), title_en=title_en.strip(),
        body_en=body_en.strip(), note=note.strip()[:500], created_by=actor,
    )  # fmt: skip
    Variant.objects.bulk_create(
        Variant(version=version, channel=v.channel, title=v.title.strip(), body=v.body.strip(),
                scheduled_on=v.scheduled_on)
        for v in variants
    )  # fmt: skip
    item.current_version = version
    # A new text has not been approved by anyone: the chain starts again on submission.
    item.status, item.chain, item.current_step = ItemStatus.DRAFT, None, 0
    item.save(update_fields=["current_version", "status", "chain", "current_step"])
    return version


def _variants_of(version: ContentVersion | None) -> list[VariantText]:
    if version is None:
        return []
    return [VariantText(v.channel, v.title, v.body, v.scheduled_on) for v in version.variants.all()]


@transaction.atomic
def do_create_item(
    actor: User, campaign: Campaign, *, title: str, body: str, title_en: str = "", body_en: str = "",
    planned_on: date | None = None, variants: Iterable[VariantText] = (),
) -> ContentItem:  # fmt: skip
    check_can_manage(actor, campaign.organisation_id, "campaigns.add_contentitem")
    _clean_text(title, body)
    wanted = list(variants)
    for variant in wanted:
        validate_variant(variant.channel, variant.title, variant.body)
    item = ContentItem.objects.create(campaign=campaign, planned_on=planned_on, created_by=actor)
    _new_version(actor, item, title=title, body=body, title_en=title_en, body_en=body_en, note="", variants=wanted)
    record_event(actor, "campaigns.item.create", item, organisation=campaign.organisation, summary=title[:200])
    return item


def version_of(item: ContentItem) -> ContentVersion:
    """The item's current version; every item is created with its first one."""
    if item.current_version is None:
        raise ValidationError(_("Nội dung chưa có phiên bản nào."))
    return item.current_version


def _locked(item: ContentItem) -> ContentItem:
    return (
        ContentItem.objects.select_for_update(of=("self",))
        .select_related("campaign", "current_version")
        .get(pk=item.pk)
    )


@transaction.atomic
def do_edit_item(
    actor: User, item: ContentItem, *, title: str, body: str, title_en: str = "", body_en: str = "", note: str = "",
    planned_on: date | None = None,
) -> ContentVersion:  # fmt: skip
    """A new version with this text (the variants carried over); the item goes back to draft."""
    current = _locked(item)
    check_can_edit_item(actor, current)
    _clean_text(title, body)
    before = current.status
    if planned_on != current.planned_on:
        current.planned_on = planned_on
        current.save(update_fields=["planned_on"])
    version = _new_version(
        actor, current, title=title, body=body, title_en=title_en, body_en=body_en, note=note,
        variants=_variants_of(current.current_version),
    )  # fmt: skip
    changes: dict[str, list[Any]] = {
        "version": [version.number - 1, version.number],
        "status": [before, current.status],
    }
    record_event(actor, "campaigns.item.edit", current, organisation=current.campaign.organisation, changes=changes)
    return version


@transaction.atomic
def do_set_variant(
    actor: User, item: ContentItem, channel: str, *, title: str, body: str, scheduled_on: date | None = None
) -> ContentItem:
    """Add or change the variant for ``channel``. A change of text is a new version (approvals reset); a change of
    the planned day alone is not content and is made in place."""
    current = _locked(item)
    check_can_edit_item(actor, current)
    validate_variant(channel, title, body)
    version = version_of(current)
    existing = version.variants.filter(channel=channel).first()
    if existing is not None and (existing.title, existing.body) == (title.strip(), body.strip()):
        if existing.scheduled_on != scheduled_on:
            existing.scheduled_on = scheduled_on
            existing.save(update_fields=["scheduled_on"])
            record_event(actor, "campaigns.item.schedule", current, organisation=current.campaign.organisation,
                         summary=f"{channel}: {scheduled_on or ''}")  # fmt: skip
        return current
    kept = [v for v in _variants_of(version) if v.channel != channel]
    _new_version(
        actor, current, title=version.title, body=version.body, title_en=version.title_en, body_en=version.body_en,
        note=_("Sửa phiên bản kênh %(channel)s") % {"channel": Channel(channel).label},
        variants=[*kept, VariantText(channel, title, body, scheduled_on)],
    )  # fmt: skip
    record_event(actor, "campaigns.item.variant", current, organisation=current.campaign.organisation,
                 summary=str(Channel(channel).label))  # fmt: skip
    return current


@transaction.atomic
def do_remove_variant(actor: User, item: ContentItem, channel: str) -> ContentItem:
    current = _locked(item)
    check_can_edit_item(actor, current)
    version = version_of(current)
    kept = [v for v in _variants_of(version) if v.channel != channel]
    if len(kept) == version.variants.count():
        return current
    _new_version(
        actor, current, title=version.title, body=version.body, title_en=version.title_en, body_en=version.body_en,
        note=_("Bỏ phiên bản kênh %(channel)s") % {"channel": Channel(channel).label}, variants=kept,
    )  # fmt: skip
    record_event(actor, "campaigns.item.variant_remove", current, organisation=current.campaign.organisation,
                 summary=channel)  # fmt: skip
    return current


# --- Approval ---------------------------------------------------------------------------------------------------


def _is_approver(step: ApprovalStep, actor: User, organisation_id: int) -> bool:
    if not actor.is_active:
        return False
    if step.user_id is not None:
        return bool(step.user_id == actor.pk)
    return actor.organisation_id == organisation_id and Role(step.role) in roles_of(actor)


def current_step(item: ContentItem) -> ApprovalStep | None:
    if item.status != ItemStatus.SUBMITTED or item.chain_id is None:
        return None
    return (
        ApprovalStep.objects.select_related("user").filter(chain_id=item.chain_id, position=item.current_step).first()
    )


def _awaited_step(item: ContentItem, actor: User) -> ApprovalStep | None:
    step = current_step(item)
    if step is None or item.chain is None:
        return None
    return step if _is_approver(step, actor, item.chain.organisation_id) else None


def check_can_decide(actor: User, item: ContentItem) -> ApprovalStep:
    if item.status != ItemStatus.SUBMITTED:
        raise ValidationError(_("Nội dung không ở trạng thái trình duyệt."))
    step = current_step(item)
    if step is None:
        raise ValidationError(_("Quy trình duyệt của nội dung này không còn bước đang chờ."))
    if item.chain is None or not _is_approver(step, actor, item.chain.organisation_id):
        raise PermissionDenied(
            _("Bạn không phải người duyệt ở bước hiện tại (bước %(n)d: %(who)s); không thể duyệt nội dung này.")
            % {"n": step.position, "who": step.approver_label}
        )
    return step


@transaction.atomic
def do_submit(actor: User, item: ContentItem) -> ContentItem:
    current = _locked(item)
    check_can_edit_item(actor, current)
    if current.status != ItemStatus.DRAFT:
        raise ValidationError(_("Chỉ trình duyệt nội dung đang soạn."))
    version = version_of(current)
    problems = [error for v in version.variants.all() for error in limit_errors(v.channel, v.title, v.body)]
    if problems:
        raise ValidationError(problems)
    chain = default_chain(current.campaign.organisation_id)
    if chain is None or not chain.steps.exists():
        raise ValidationError(
            _("%(org)s chưa có quy trình duyệt nội dung; hãy lập quy trình (các bước duyệt) trước khi trình.")
            % {"org": current.campaign.organisation.name}
        )
    current.status, current.chain, current.current_step = ItemStatus.SUBMITTED, chain, 1
    current.save(update_fields=["status", "chain", "current_step"])
    record_event(actor, "campaigns.item.submit", current, organisation=current.campaign.organisation,
                 summary=f"v{version.number}")  # fmt: skip
    return current


@transaction.atomic
def do_decide(actor: User, item: ContentItem, decision: str, note: str = "") -> ContentItem:
    current = _locked(item)
    step = check_can_decide(actor, current)
    version = version_of(current)
    if current.chain is None:
        raise ValidationError(_("Quy trình duyệt của nội dung này không còn bước đang chờ."))
    if decision == Decision.REJECT and not note.strip():
        raise ValidationError(_("Hãy ghi lý do trả lại."))
    if decision not in Decision.values:
        raise ValidationError(_("Quyết định không hợp lệ."))
    Approval.objects.create(version=version, step=step.position, decision=decision, decided_by=actor, note=note.strip())
    if decision == Decision.REJECT:
        current.status, current.chain, current.current_step = ItemStatus.DRAFT, None, 0
    elif current.chain.steps.filter(position__gt=step.position).exists():
        current.current_step = step.position + 1
    else:
        current.status, current.current_step = ItemStatus.APPROVED, 0
    current.save(update_fields=["status", "chain", "current_step"])
    record_event(actor, f"campaigns.item.{decision}", current, organisation=current.campaign.organisation,
                 summary=f"v{version.number}, bước {step.position}: {note.strip()[:200]}")  # fmt: skip
    return current


def do_approve(actor: User, item: ContentItem, note: str = "") -> ContentItem:
    return do_decide(actor, item, Decision.APPROVE, note)


def do_reject(actor: User, item: ContentItem, note: str) -> ContentItem:
    return do_decide(actor, item, Decision.REJECT, note)


def awaiting(actor: User) -> QuerySet[ContentItem]:
    """Items whose current step names ``actor`` (by user, or by role in the actor's organisation)."""
    roles = [role.value for role in roles_of(actor)]
    steps = ApprovalStep.objects.filter(
        Q(user=actor) | Q(role__in=roles, chain__organisation_id=actor.organisation_id)
    ).values_list("chain_id", "position")
    condition = Q(pk__in=[])
    for chain_id, position in steps:
        condition |= Q(chain_id=chain_id, current_step=position)
    return ContentItem.objects.filter(condition, status=ItemStatus.SUBMITTED)


# --- Outputs ----------------------------------------------------------------------------------------------------


def _outputs_module(name: str) -> Any:
    """The output writers are another module's work; a clear message when one is not installed."""
    path = f"lantoa.campaigns.outputs.{name}"
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name and path.startswith(exc.name):
            message = _("Chức năng tạo sản phẩm này chưa được cài đặt (%(module)s).") % {"module": path}
            raise ValidationError(message) from exc
        raise


def _text_for(version: ContentVersion, channel: str) -> tuple[str, str]:
    variant = version.variants.filter(channel=channel).first()
    if variant is not None:
        return variant.title or version.title, variant.body
    return version.title, version.body


def check_can_produce(actor: User, item: ContentItem) -> ContentVersion:
    check_can_edit_item(actor, item)
    if item.status not in (ItemStatus.APPROVED, ItemStatus.PUBLISHED) or item.current_version is None:
        raise ValidationError(_("Chỉ tạo sản phẩm từ nội dung đã duyệt."))
    return item.current_version


def _store(actor: User, version: ContentVersion, channel: str, kind: str, name: str, data: bytes,
           meta: dict[str, Any]) -> Output:  # fmt: skip
    output = Output(version=version, channel=channel, kind=kind, meta=meta, created_by=actor)
    output.file.save(name, ContentFile(data), save=False)
    output.save()
    return output


@dataclass(frozen=True)
class Produced:
    outputs: list[Output]
    warning: str = ""


@transaction.atomic
def do_produce_radio(actor: User, item: ContentItem, *, speed: int = 150) -> Produced:
    """The commune-radio bulletin: the script (for the announcer) and, when espeak-ng is installed, its audio."""
    current = _locked(item)
    version = check_can_produce(actor, current)
    radio = _outputs_module("radio")
    title, body = _text_for(version, Channel.RADIO)
    organisation = current.campaign.organisation.name
    script: str = radio.bulletin_script(title, body, organisation=organisation, on_date=timezone.localdate())
    stem = f"noi-dung-{current.pk}-v{version.number}-phat-thanh"
    outputs = [_store(actor, version, Channel.RADIO, OutputKind.RADIO_SCRIPT, f"{stem}.txt", script.encode(), {})]
    warning = ""
    try:
        # bulletin_script already spells numbers, dates and abbreviations out (vntext.speech.normalize_for_speech):
        # the announcer and the synthesiser read the same words.
        audio: bytes = radio.bulletin_wav(script, speed=speed)
    except radio.AudioUnavailable as exc:
        warning = _("Đã tạo kịch bản nhưng chưa tạo được âm thanh: %(reason)s") % {"reason": exc}
    else:
        seconds = float(radio.wav_duration_seconds(audio))
        outputs.append(_store(actor, version, Channel.RADIO, OutputKind.RADIO_WAV, f"{stem}.wav", audio,
                              {"seconds": round(seconds, 1)}))  # fmt: skip
    record_event(actor, "campaigns.output.radio", current, organisation=current.campaign.organisation,
                 summary=f"v{version.number}")  # fmt: skip
    return Produced(outputs, warning)


def led_pages(body: str) -> list[str]:
    return [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]


@transaction.atomic
def do_produce_led_slides(actor: User, item: ContentItem, *, orientation: str = "landscape") -> Produced:
    """One PNG per paragraph of the LED variant (or of the main text), 1920×1080 or 1080×1920."""
    from PIL import Image

    if orientation not in ("landscape", "portrait"):
        raise ValidationError(_("Hướng màn hình không hợp lệ."))
    current = _locked(item)
    version = check_can_produce(actor, current)
    slides = _outputs_module("slides")
    title, body = _text_for(version, Channel.LED)
    organisation = current.campaign.organisation.name
    outputs = []
    for number, page in enumerate(led_pages(body), 1):
        try:
            png: bytes = slides.led_slide_png(title, page, orientation=orientation, organisation=organisation)
        except ValueError as exc:
            raise ValidationError(
                _("Trang %(n)d không vừa màn hình LED (%(reason)s); hãy rút gọn hoặc tách đoạn.")
                % {"n": number, "reason": exc}
            ) from exc
        with Image.open(io.BytesIO(png)) as image:
            width, height = image.size
        name = f"noi-dung-{current.pk}-v{version.number}-led-{orientation}-{number}.png"
        meta = {"page": number, "orientation": orientation, "width": width, "height": height}
        outputs.append(_store(actor, version, Channel.LED, OutputKind.LED_PNG, name, png, meta))
    record_event(actor, "campaigns.output.led", current, organisation=current.campaign.organisation,
                 summary=f"v{version.number}, {len(outputs)} trang")  # fmt: skip
    return Produced(outputs)


def leaflet_sections(body: str) -> list[tuple[str, str]]:
    """``## Heading`` lines open a section; text before the first heading is a section without one."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        else:
            sections[-1][1].append(line)
    return [(head, "\n".join(lines).strip()) for head, lines in sections if head or "\n".join(lines).strip()]


@transaction.atomic
def do_produce_leaflet(actor: User, item: ContentItem) -> Produced:
    current = _locked(item)
    version = check_can_produce(actor, current)
    leaflet = _outputs_module("leaflet")
    title, body = _text_for(version, Channel.LEAFLET)
    organisation = current.campaign.organisation
    # One line each on the back panel (the leaflet lays out one paragraph per line).
    contact = "\n".join(part for part in (organisation.address, organisation.phone, organisation.email) if part)
    try:
        pdf: bytes = leaflet.leaflet_pdf(title, leaflet_sections(body), organisation=organisation.name, contact=contact)
    except ValueError as exc:  # too long for the six panels, or nothing to print: the officer shortens the text
        raise ValidationError(_("Không làm được tờ gấp (%(reason)s); hãy rút gọn nội dung.") % {"reason": exc}) from exc
    name = f"noi-dung-{current.pk}-v{version.number}-to-gap.pdf"
    output = _store(actor, version, Channel.LEAFLET, OutputKind.LEAFLET_PDF, name, pdf, {"bytes": len(pdf)})
    record_event(actor, "campaigns.output.leaflet", current, organisation=organisation, summary=f"v{version.number}")
    return Produced([output])
