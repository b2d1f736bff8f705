"""Publishing approved content and recording its results.

Three ways an item goes out on a channel, each a ``PublicationRecord``: a connector posts it to a platform (or, in
a dry run, builds the request and records it without sending), or an officer records by hand where and when it
appeared, with its link. Reach figures are typed in or imported from CSV; a CSV with one bad row stores nothing.
Platform tokens are write-only: set here, read only by ``do_publish``, never returned to a page or an audit event.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.audit.services import record_event
from lantoa.campaigns import services
from lantoa.campaigns.channels import Channel, limit_errors
from lantoa.campaigns.connectors import Account, Post, get_connector, send
from lantoa.campaigns.models import (
    REACH_FIELDS,
    Campaign,
    ContentItem,
    ContentVersion,
    ItemStatus,
    Method,
    Platform,
    PlatformCredential,
    PublicationRecord,
    PublicationStatus,
)
from lantoa.org.models import Organisation

# --- Credentials ------------------------------------------------------------------------------------------------


@transaction.atomic
def do_set_credential(
    actor: User, organisation: Organisation, platform: str, *, account_id: str, token: str = ""
) -> PlatformCredential:
    """Create or update an account; an empty ``token`` keeps the stored one (the form never shows it back)."""
    services.check_can_manage(actor, organisation.pk, "campaigns.change_platformcredential")
    if platform not in Platform.values:
        raise ValidationError(_("Nền tảng không hợp lệ."))
    if not account_id.strip():
        raise ValidationError(_("Cần có mã trang / tài khoản."))
    credential = PlatformCredential.objects.filter(organisation=organisation, platform=platform).first()
    if credential is None and not token.strip():
        raise ValidationError(_("Cần có mã truy cập."))
    if credential is None:
        credential = PlatformCredential(organisation=organisation, platform=platform)
    changed = ["account_id"] if credential.account_id != account_id.strip() else []
    credential.account_id = account_id.strip()
    if token.strip():
        credential.token = token.strip()
        changed.append("token")
    credential.updated_by = actor
    credential.save()
    # The audit says the token changed, never what it is.
    record_event(actor, "campaigns.credential.set", credential, organisation=organisation,
                 summary=", ".join(changed))  # fmt: skip
    return credential


@transaction.atomic
def do_delete_credential(actor: User, credential: PlatformCredential) -> None:
    services.check_can_manage(actor, credential.organisation_id, "campaigns.change_platformcredential")
    record_event(actor, "campaigns.credential.delete", credential, organisation=credential.organisation)
    credential.delete()


# --- Publishing -------------------------------------------------------------------------------------------------


def check_can_publish(actor: User, item: ContentItem) -> None:
    services.check_can_manage(actor, item.campaign.organisation_id, "campaigns.publish_contentitem")
    if item.status not in (ItemStatus.APPROVED, ItemStatus.PUBLISHED) or item.current_version is None:
        raise ValidationError(_("Chỉ đăng nội dung đã duyệt."))


def _mark_published(item: ContentItem, when: datetime, version: ContentVersion | None) -> None:
    if item.current_version_id == getattr(version, "pk", None):  # an edit made meanwhile stays a draft
        item.status = ItemStatus.PUBLISHED
    item.published_version = version
    item.published_at = item.published_at or when
    item.save(update_fields=["status", "published_version", "published_at"])


_url = URLValidator(schemes=["http", "https"])


def _clean_url(url: str, *, required: bool) -> str:
    url = url.strip()
    if not url:
        if required:
            raise ValidationError(_("Cần có liên kết bài đã đăng."))
        return ""
    try:
        _url(url)
    except ValidationError:
        raise ValidationError(_("Liên kết không hợp lệ: %(url)s") % {"url": url[:200]}) from None
    return url


@transaction.atomic
def do_mark_published(
    actor: User, item: ContentItem, channel: str, *, url: str = "", where: str = "",
    published_at: datetime | None = None, record: PublicationRecord | None = None,
) -> PublicationRecord:  # fmt: skip
    """The manual path: the item appeared on ``channel`` (a paper's page, a commune's loudspeakers, a conference);
    with ``record``, completes a connector's "sent" record with the link once the post is live."""
    current = (
        ContentItem.objects.select_for_update(of=("self",)).select_related("campaign__organisation").get(pk=item.pk)
    )
    check_can_publish(actor, current)
    if channel not in Channel.values:
        raise ValidationError(_("Kênh không hợp lệ."))
    online = channel not in (Channel.RADIO, Channel.LED, Channel.LEAFLET, Channel.EVENT)
    link = _clean_url(url, required=online and not where.strip())
    when = published_at or timezone.now()
    if record is not None:
        if record.item_id != current.pk or record.status != PublicationStatus.SENT:
            raise ValidationError(_("Chỉ hoàn tất bản ghi đã gửi, đang chờ nền tảng xử lý."))
        record.status, record.url, record.published_at = PublicationStatus.PUBLISHED, link, when
        record.where = where.strip()[:300] or record.where
        record.save(update_fields=["status", "url", "published_at", "where"])
    else:
        record = PublicationRecord.objects.create(
            item=current, version=current.current_version, channel=channel, method=Method.MANUAL,
            status=PublicationStatus.PUBLISHED, where=where.strip()[:300], url=link, published_at=when,
            recorded_by=actor,
        )  # fmt: skip
    _mark_published(current, when, record.version)
    record_event(actor, "campaigns.item.publish", current, organisation=current.campaign.organisation,
                 summary=f"{channel}: {link or where}"[:300])  # fmt: skip
    return record


@dataclass(frozen=True)
class PublishOutcome:
    record: PublicationRecord
    message: str


def do_publish(
    actor: User, item: ContentItem, channel: str, *, dry_run: bool, link: str = "", media_url: str = ""
) -> PublishOutcome:
    """Post the item's variant for ``channel`` through its platform's connector (``dry_run``: build and record the
    request, send nothing). A platform's refusal is recorded as a failed record with its message."""
    current = ContentItem.objects.select_related("campaign__organisation", "current_version").get(pk=item.pk)
    check_can_publish(actor, current)
    if channel not in Platform.values:
        raise ValidationError(_("Kênh %(channel)s không có kết nối đăng tự động.") % {"channel": channel})
    version = services.version_of(current)
    variant = version.variants.filter(channel=channel).first()
    title, body = (variant.title or version.title, variant.body) if variant else (version.title, version.body)
    problems = limit_errors(channel, title, body)
    connector = get_connector(channel)
    post = Post(title=title, body=body, link=_clean_url(link, required=False),
                media_url=_clean_url(media_url, required=False))  # fmt: skip
    problems += connector.problems(post)
    if problems:
        raise ValidationError(problems)
    organisation = current.campaign.organisation
    credential = PlatformCredential.objects.filter(organisation=organisation, platform=channel).first()
    if credential is None:
        raise ValidationError(
            _("%(org)s chưa khai báo tài khoản %(platform)s.")
            % {"org": organisation.name, "platform": Platform(channel).label}
        )
    account = Account(credential.account_id, credential.token)
    request = connector.build(account, post)
    base = {"item": current, "version": version, "channel": channel, "recorded_by": actor,
            "where": f"{connector.label} {credential.account_id}", "request": request.recorded()}  # fmt: skip
    if dry_run:
        with transaction.atomic():
            record = PublicationRecord.objects.create(method=Method.DRY_RUN, status=PublicationStatus.DRY_RUN, **base)
            record_event(actor, "campaigns.item.dry_run", current, organisation=organisation, summary=channel)
        return PublishOutcome(record, _("Chạy thử: đã lập yêu cầu, không gửi gì đi."))
    # Sent outside any transaction: a slow platform must not hold a database lock.
    answer, raw = send(connector, request, account)
    with transaction.atomic():
        locked = ContentItem.objects.select_for_update().get(pk=current.pk)
        if not answer.ok:
            status = PublicationStatus.FAILED
        elif answer.state == "published":
            status = PublicationStatus.PUBLISHED
        else:
            status = PublicationStatus.SENT
        now = timezone.now()
        record = PublicationRecord.objects.create(
            method=Method.CONNECTOR, status=status, url=answer.url, external_id=answer.external_id[:300],
            response=raw[:20000], error=answer.error[:5000],
            published_at=now if status == PublicationStatus.PUBLISHED else None, **base,
        )  # fmt: skip
        if answer.extra:
            record.request = {**record.request, "answer": answer.extra}
            record.save(update_fields=["request"])
        if status == PublicationStatus.PUBLISHED:
            _mark_published(locked, now, version)
        record_event(actor, f"campaigns.item.publish_{status}", current, organisation=organisation,
                     summary=f"{channel}: {answer.url or answer.external_id or answer.error}"[:300])  # fmt: skip
    messages = {
        PublicationStatus.PUBLISHED: _("Đã đăng lên %(platform)s."),
        PublicationStatus.SENT: _("Đã gửi lên %(platform)s; nền tảng đang xử lý, hãy bổ sung liên kết khi bài lên."),
        PublicationStatus.FAILED: _("%(platform)s từ chối: %(error)s"),
    }
    return PublishOutcome(record, messages[status] % {"platform": connector.label, "error": answer.error})


# --- Results ----------------------------------------------------------------------------------------------------


def _figure(value: str, label: str) -> int | None:
    value = value.strip().replace(".", "").replace(",", "").replace(" ", "")  # "12.500" as Vietnamese write it
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(_("%(label)s phải là số nguyên không âm, nhận được “%(value)s”.")
                              % {"label": label, "value": value[:40]})  # fmt: skip
    return int(value)


@transaction.atomic
def do_record_results(actor: User, record: PublicationRecord, figures: dict[str, str]) -> PublicationRecord:
    services.check_can_manage(actor, record.item.campaign.organisation_id, "campaigns.change_publicationrecord")
    changes = {}
    for name in REACH_FIELDS:
        if name in figures:
            label = str(REACH_LABELS[name])
            value = _figure(figures[name], label)
            if getattr(record, name) != value:
                changes[name] = [getattr(record, name), value]
                setattr(record, name, value)
    if changes:
        record.save(update_fields=list(changes))
        record_event(actor, "campaigns.results.update", record.item, changes=changes,
                     organisation=record.item.campaign.organisation)  # fmt: skip
    return record


REACH_LABELS = {
    field.name: field.verbose_name for field in PublicationRecord._meta.fields if field.name in REACH_FIELDS
}
CSV_COLUMNS = ("noi_dung", "kenh", "ngay_dang", "noi_dang", "lien_ket", *REACH_FIELDS)


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int


def do_import_results(actor: User, campaign: Campaign, data: bytes) -> ImportReport:
    """Rows ``noi_dung`` (content item number), ``kenh`` (channel code), ``ngay_dang`` (dd/mm/yyyy), ``noi_dang``,
    ``lien_ket`` and the figures. A row whose item, channel and link match a record updates its figures; others
    are new manual records. Every row is checked first: one bad row, and nothing is stored (the errors name rows).
    """
    services.check_can_manage(actor, campaign.organisation_id, "campaigns.change_publicationrecord")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp CSV phải mã hóa UTF-8.")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("noi_dung", "kenh") if name not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("Tệp CSV thiếu cột: %(cols)s. Các cột: %(all)s.")
                              % {"cols": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)})  # fmt: skip
    items = {item.pk: item for item in campaign.items.select_related("current_version")}
    errors: list[str] = []
    rows: list[tuple[ContentItem, str, datetime | None, str, str, dict[str, int | None]]] = []
    for line, row in enumerate(reader, 2):
        try:
            raw_item = (row.get("noi_dung") or "").strip().lstrip("#")
            item = items.get(int(raw_item)) if raw_item.isdigit() else None
            if item is None:
                raise ValidationError(_("không có nội dung số “%(n)s” trong chiến dịch này") % {"n": raw_item[:20]})
            if item.status not in (ItemStatus.APPROVED, ItemStatus.PUBLISHED):
                raise ValidationError(_("nội dung số %(n)d chưa được duyệt") % {"n": item.pk})
            channel = (row.get("kenh") or "").strip()
            if channel not in Channel.values:
                raise ValidationError(_("kênh “%(c)s” không hợp lệ (dùng: %(all)s)")
                                      % {"c": channel[:30], "all": ", ".join(Channel.values)})  # fmt: skip
            day = (row.get("ngay_dang") or "").strip()
            when = None
            if day:
                try:
                    parsed = datetime.strptime(day, "%d/%m/%Y")  # noqa: DTZ007 - made aware just below
                except ValueError:
                    raise ValidationError(_("ngày “%(d)s” phải theo dạng dd/mm/yyyy") % {"d": day[:20]}) from None
                when = timezone.make_aware(parsed)
            link = _clean_url(row.get("lien_ket") or "", required=False)
            figures = {name: _figure(row.get(name) or "", str(REACH_LABELS[name])) for name in REACH_FIELDS}
        except ValidationError as exc:
            errors.append(_("Dòng %(line)d: %(error)s") % {"line": line, "error": "; ".join(exc.messages)})
            continue
        rows.append((item, channel, when, (row.get("noi_dang") or "").strip()[:300], link, figures))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Tệp CSV không có dòng nào."))
    created = updated = 0
    with transaction.atomic():
        for item, channel, when, where, link, figures in rows:
            existing = None
            if link:
                existing = PublicationRecord.objects.filter(item=item, channel=channel, url=link).first()
            if existing is not None:
                for name, value in figures.items():
                    if value is not None:
                        setattr(existing, name, value)
                existing.save()
                updated += 1
                continue
            record = PublicationRecord.objects.create(
                item=item, version=item.published_version or item.current_version, channel=channel,
                method=Method.IMPORT, status=PublicationStatus.PUBLISHED, where=where, url=link,
                published_at=when, recorded_by=actor, **figures,
            )  # fmt: skip
            if item.status == ItemStatus.APPROVED:
                _mark_published(item, when or timezone.now(), record.version)
            created += 1
        record_event(actor, "campaigns.results.import", campaign, organisation=campaign.organisation,
                     summary=f"{created} mới, {updated} cập nhật")  # fmt: skip
    return ImportReport(created, updated)


def totals_by_channel(campaign: Campaign) -> list[dict[str, object]]:
    """Reach per channel over the campaign's published records (one query)."""
    rows: QuerySet[PublicationRecord, dict[str, object]] = (
        PublicationRecord.objects.filter(item__campaign=campaign, status=PublicationStatus.PUBLISHED)
        .values("channel")
        .annotate(**{name: Sum(name) for name in REACH_FIELDS})
        .order_by("channel")
    )
    return [{**row, "label": Channel(str(row["channel"])).label} for row in rows]
