"""Monitoring: sources, the items they bring, stories (syndicated copies grouped), places, quarantine."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    RSS = "rss", _("RSS / Atom")
    SITEMAP = "sitemap", _("Sitemap (Google News)")
    LISTING = "listing", _("Trang danh sách tin")
    URL = "url", _("Một địa chỉ")
    FILE = "file", _("Nhập tệp (JSONL, CSV)")


class Source(models.Model):
    """Where items come from. A source that keeps failing backs off and is flagged, never silently dropped."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("địa chỉ"), max_length=1000, blank=True)
    outlet = models.ForeignKey(
        "org.Outlet", verbose_name=_("cơ quan báo chí"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sources",
    )  # fmt: skip
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    is_active = models.BooleanField(_("đang theo dõi"), default=True)
    poll_minutes = models.PositiveIntegerField(_("chu kỳ (phút)"), default=15)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("lần lấy tin tới"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("lần lấy tin gần nhất"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("thành công gần nhất"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("lỗi gần nhất lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("số lần lỗi liên tiếp"), default=0)
    flagged = models.BooleanField(_("cần kiểm tra"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("nguồn tin")
        verbose_name_plural = _("nguồn tin")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kind", "url", "name"], name="monitoring_source_unique")]

    def __str__(self) -> str:
        return self.name


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("đang xử lý")
    STORED = "stored", _("đã lưu")
    DUPLICATE = "duplicate", _("bản sao của tin đã có")
    IRRELEVANT = "irrelevant", _("không liên quan (vẫn lưu)")
    QUARANTINED = "quarantined", _("cách ly")


FINAL_STATUSES = (ItemStatus.STORED, ItemStatus.DUPLICATE, ItemStatus.IRRELEVANT, ItemStatus.QUARANTINED)


class Story(models.Model):
    """One story: the first copy and every syndicated copy of it (same or near-same text)."""

    title = models.CharField(_("tiêu đề"), max_length=500)
    first_item = models.ForeignKey(
        "Item", verbose_name=_("bản đầu tiên"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_published_at = models.DateTimeField(_("đăng đầu tiên lúc"), null=True, blank=True, db_index=True)
    last_seen_at = models.DateTimeField(_("bản sao gần nhất lúc"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("số bản"), default=0)
    outlet_count = models.PositiveIntegerField(_("số cơ quan báo chí"), default=0)
    relevant = models.BooleanField(_("liên quan đến tỉnh"), default=False, db_index=True)

    class Meta:
        verbose_name = _("sự kiện tin")
        verbose_name_plural = _("sự kiện tin")
        ordering = ["-first_published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("bài báo")
    POST = "post", _("bài đăng mạng xã hội")
    COMMENT = "comment", _("bình luận")


class Item(models.Model):
    source = models.ForeignKey(Source, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="items")
    # The item's identity within its source: the export's id, else its URL, else a hash of its text.
    # Re-ingesting the same item finds this key and stores nothing new.
    key = models.CharField(max_length=300)
    url = models.URLField(_("địa chỉ"), max_length=2000, blank=True)
    outlet = models.ForeignKey(
        "org.Outlet", verbose_name=_("cơ quan báo chí"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="items",
    )  # fmt: skip
    outlet_name = models.CharField(_("tên nguồn đăng"), max_length=200, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=ItemKind.choices, default=ItemKind.ARTICLE)
    title = models.TextField(_("tiêu đề"), blank=True)
    lead = models.TextField(_("sapo"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    html = models.TextField(_("nội dung HTML (đã làm sạch)"), blank=True)
    author = models.CharField(_("tác giả"), max_length=300, blank=True)
    # The text as it arrived, when normalisation (encoding, tone marks) changed it: JSON of the changed fields.
    original = models.JSONField(_("văn bản gốc"), null=True, blank=True)
    encoding = models.CharField(_("bảng mã gốc"), max_length=30, blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True, db_index=True)
    published_source = models.CharField(max_length=20, blank=True)
    ingested_at = models.DateTimeField(_("thu thập lúc"), default=timezone.now, db_index=True)
    content_hash = models.CharField(max_length=32, blank=True, db_index=True)
    fingerprint = models.BinaryField(null=True, blank=True)
    story = models.ForeignKey(
        Story, verbose_name=_("sự kiện tin"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    relevant = models.BooleanField(_("liên quan đến tỉnh"), default=False, db_index=True)
    place_score = models.PositiveIntegerField(default=0)
    # What the classifier heads said (lantoa/vntext/classify); the versions of the models that said it.
    polarity = models.CharField(_("chiều hướng tin"), max_length=3, blank=True, db_index=True)
    sentiment = models.CharField(_("sắc thái"), max_length=3, blank=True)
    toxicity = models.CharField(_("độc hại"), max_length=10, blank=True)
    toxicity_score = models.FloatField(_("điểm độc hại"), null=True, blank=True)
    constructive = models.BooleanField(_("mang tính xây dựng"), null=True, blank=True)
    constructive_score = models.FloatField(null=True, blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=30, blank=True, db_index=True)
    misinfo_risk = models.FloatField(_("nguy cơ tin sai"), null=True, blank=True)
    # Codes of the provincial bodies the item concerns (from its sector; org/data/sector_agencies.json).
    agencies = models.JSONField(_("cơ quan liên quan"), default=list, blank=True)
    # Fields an officer corrected ({field: value}): shown instead of the model's, never overwritten by a relabel.
    corrected = models.JSONField(_("đã sửa nhãn"), default=dict, blank=True)
    model_versions = models.JSONField(_("phiên bản mô hình"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PENDING, db_index=True
    )
    stage = models.CharField(_("bước đã xong"), max_length=20, blank=True)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="monitoring_item_source_key")]
        indexes = [
            models.Index(fields=["source", "ingested_at"]),
            models.Index(fields=["status", "stage"]),
            # The stream's default view (items concerning the province, newest first), with or without a search
            # word: a walk down this index stops at the page however few of all items are relevant.
            models.Index(
                fields=["-published_at", "-id"], condition=models.Q(relevant=True), name="monitoring_item_relevant_new"
            ),
        ]

    def __str__(self) -> str:
        return self.title[:100] or self.url or self.key


class ItemPlace(models.Model):
    """A place an item concerns: the mention as written, and the current unit it maps to (none: the province)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="places")
    unit_code = models.CharField(_("mã xã, phường"), max_length=5, blank=True, db_index=True)
    mention_kind = models.CharField(_("loại địa danh"), max_length=20)
    mention_code = models.CharField(_("mã địa danh"), max_length=10)
    mention_name = models.CharField(_("địa danh"), max_length=120)

    class Meta:
        verbose_name = _("địa danh trong tin")
        verbose_name_plural = _("địa danh trong tin")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "mention_kind", "mention_code", "unit_code"], name="monitoring_place_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mention_name} → {self.unit_code or '*'}"


class StoryBucket(models.Model):
    """LSH band keys of an item's fingerprint: items sharing a key are candidate copies of one story."""

    bucket = models.BigIntegerField(db_index=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.bucket}: {self.item_id}"


class Quarantine(models.Model):
    """An item or record no stage could handle: what, where, why, how many tries."""

    source = models.ForeignKey(Source, verbose_name=_("nguồn"), null=True, blank=True, on_delete=models.CASCADE)
    item = models.OneToOneField(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="quarantine")
    key = models.CharField(max_length=300, blank=True)
    stage = models.CharField(_("bước"), max_length=20)
    reason = models.TextField(_("lý do"))
    attempts = models.PositiveIntegerField(_("số lần thử"), default=1)
    payload = models.TextField(_("dữ liệu"), blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("tin bị cách ly")
        verbose_name_plural = _("tin bị cách ly")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["source", "key", "stage"], name="monitoring_quarantine_once")]

    def __str__(self) -> str:
        return f"{self.stage}: {self.reason[:80]}"


class ItemSearch(models.Model):
    """PostgreSQL's full-text index of an item (``unaccent`` tsvector). On SQLite the FTS5 table
    ``monitoring_item_fts`` plays this part and this table stays empty (see search.py)."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True, related_name="+")
    document = SearchVectorField(null=True)

    def __str__(self) -> str:
        return str(self.item_id)


class CorrectionField(models.TextChoices):
    POLARITY = "polarity", _("chiều hướng tin")
    SECTOR = "sector", _("lĩnh vực")
    TOXICITY = "toxicity", _("độc hại")
    RELEVANT = "relevant", _("liên quan đến tỉnh")


class Correction(models.Model):
    """An officer's correction of a model's label: who, when, what it was, what it is. The next ``lantoa train``
    uses corrections first (polarity, sector, toxicity)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("nhãn"), max_length=20, choices=CorrectionField.choices)
    old_value = models.CharField(_("giá trị cũ"), max_length=40, blank=True)
    value = models.CharField(_("giá trị mới"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("sửa nhãn")
        verbose_name_plural = _("sửa nhãn")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.field}: {self.old_value} → {self.value}"
