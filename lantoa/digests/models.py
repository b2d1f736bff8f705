"""Press digests (điểm tin báo chí): a draft an officer reviews, then an issued, numbered, archived document.

A digest keeps a snapshot of its stories (``DigestEntry``) and of its counts (``Digest.stats``): what was issued
stays what was issued, even when stories gain copies or labels are corrected afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    DAY = "day", _("Điểm tin ngày")
    WEEK = "week", _("Điểm tin tuần")


class DigestStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã phát hành")


class Digest(models.Model):
    period = models.CharField(_("kỳ"), max_length=4, choices=Period.choices)
    # The covered interval [start, end) as aware datetimes; ``day`` is the local date the digest is dated.
    start = models.DateTimeField(_("từ"))
    end = models.DateTimeField(_("đến"))
    day = models.DateField(_("ngày điểm tin"))
    status = models.CharField(_("trạng thái"), max_length=6, choices=DigestStatus.choices, default=DigestStatus.DRAFT)
    # Numbered per calendar year when issued (Decree 30: "Số: 05/ĐT-SVHTTDL"); 0 while a draft.
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), default=0)
    note = models.TextField(_("ghi chú của người biên tập"), blank=True)
    stats = models.JSONField(_("số liệu"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("số thư đã gửi"), default=0)
    # Shown on the public site (/cong-khai/diem-tin/): a digest is internal unless the press office publishes it.
    public = models.BooleanField(_("công bố công khai"), default=False)

    class Meta:
        verbose_name = _("điểm tin")
        verbose_name_plural = _("điểm tin")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], condition=models.Q(number__gt=0), name="digest_number_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.day:%d/%m/%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == DigestStatus.DRAFT


class DigestEntry(models.Model):
    """One story in a digest, as it was when the digest was drafted; the officer may drop it, annotate it, move it."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="entries")
    story = models.ForeignKey("monitoring.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # "attention" (negative / to verify) first, then a sector code.
    section = models.CharField(_("mục"), max_length=30)
    position = models.PositiveIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu đề"), max_length=500)
    outlet_name = models.CharField(_("đăng đầu tiên trên"), max_length=200, blank=True)
    other_outlets = models.PositiveIntegerField(_("số cơ quan báo chí khác"), default=0)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    url = models.URLField(_("địa chỉ"), max_length=2000, blank=True)
    polarity = models.CharField(_("chiều hướng tin"), max_length=3, blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=30, blank=True)
    communes = models.JSONField(_("xã, phường"), default=list, blank=True)
    agencies = models.JSONField(_("cơ quan liên quan"), default=list, blank=True)
    misinfo_risk = models.FloatField(_("nguy cơ tin sai"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    excluded = models.BooleanField(_("bỏ khỏi điểm tin"), default=False)

    class Meta:
        verbose_name = _("tin trong điểm tin")
        verbose_name_plural = _("tin trong điểm tin")
        ordering = ["digest", "position"]
        indexes = [models.Index(fields=["digest", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def sector_label(self) -> str:
        from lantoa.monitoring.labels import LABEL_NAMES

        return str(LABEL_NAMES["sector"].get(self.sector, self.sector))


class Subscription(models.Model):
    """Who receives issued digests by email (a user of the platform or an outside address, e.g. a leader's aide)."""

    email = models.EmailField(_("thư điện tử"))
    name = models.CharField(_("tên"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    daily = models.BooleanField(_("nhận điểm tin ngày"), default=True)
    weekly = models.BooleanField(_("nhận điểm tin tuần"), default=True)
    active = models.BooleanField(_("đang nhận"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("người nhận điểm tin")
        verbose_name_plural = _("người nhận điểm tin")
        constraints = [models.UniqueConstraint(fields=["email"], name="digest_subscription_email_unique")]

    def __str__(self) -> str:
        return self.email
