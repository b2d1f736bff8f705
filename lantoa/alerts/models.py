"""Alerts: rules officers write, the stories each rule matched (once per story), notifications, the checkpoint."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    ITEMS = "items", _("Tin bài khớp từ khóa, bộ lọc")
    SPIKE = "spike", _("Tin tiêu cực tăng đột biến")


class Priority(models.TextChoices):
    HIGH = "high", _("Cao")
    NORMAL = "normal", _("Bình thường")
    LOW = "low", _("Thấp (gộp thư mỗi giờ)")


class Toxicity(models.TextChoices):
    ANY = "", _("Bất kỳ")
    TOXIC = "toxic", _("Xúc phạm hoặc thù ghét")
    HATE = "hate", _("Thù ghét")


class SpikeWindow(models.TextChoices):
    HOUR = "hour", _("Một giờ qua")
    DAY = "day", _("Một ngày qua")


class AlertRule(models.Model):
    name = models.CharField(_("tên"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.CASCADE, related_name="alert_rules"
    )
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="alert_rules",
    )  # fmt: skip
    kind = models.CharField(_("loại cảnh báo"), max_length=10, choices=RuleKind.choices, default=RuleKind.ITEMS)
    query = models.TextField(_("từ khóa"), blank=True)
    # Filters: empty means "any".
    unit_code = models.CharField(_("xã, phường"), max_length=5, blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=30, blank=True)
    polarity = models.CharField(_("chiều hướng tin"), max_length=3, blank=True)
    toxicity = models.CharField(_("độc hại"), max_length=10, blank=True, choices=Toxicity.choices)
    misinfo_min = models.FloatField(_("nguy cơ tin sai từ"), null=True, blank=True)
    outlet = models.ForeignKey(
        "org.Outlet", verbose_name=_("cơ quan báo chí"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    relevant_only = models.BooleanField(_("chỉ tin liên quan đến tỉnh"), default=True)
    min_outlets = models.PositiveIntegerField(_("đăng trên ít nhất (số cơ quan báo chí)"), default=1)
    # Spike rules (kind=spike): negative items of the commune/sector in the window vs the 14 days before.
    spike_window = models.CharField(
        _("khung thời gian"), max_length=4, choices=SpikeWindow.choices, default=SpikeWindow.DAY
    )
    spike_threshold = models.FloatField(_("ngưỡng z-score"), default=3.5)
    spike_min_count = models.PositiveIntegerField(_("số tin tối thiểu"), default=3)
    # Channels.
    notify_in_app = models.BooleanField(_("thông báo trong ứng dụng"), default=True)
    notify_email = models.BooleanField(_("gửi thư điện tử"), default=False)
    email_recipients = models.TextField(_("địa chỉ nhận thư"), blank=True)
    notify_webhook = models.BooleanField(_("gọi webhook"), default=False)
    webhook_url = models.URLField(_("địa chỉ webhook"), max_length=1000, blank=True)
    quiet_start = models.TimeField(_("giờ yên lặng từ"), null=True, blank=True)
    quiet_end = models.TimeField(_("giờ yên lặng đến"), null=True, blank=True)
    priority = models.CharField(_("mức ưu tiên"), max_length=6, choices=Priority.choices, default=Priority.NORMAL)
    is_active = models.BooleanField(_("đang bật"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    # Low-priority rules: when their last batched email went out.
    last_batch_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("quy tắc cảnh báo")
        verbose_name_plural = _("quy tắc cảnh báo")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def recipients(self) -> list[str]:
        separated = self.email_recipients.replace(";", ",").replace("\n", ",")
        return [address.strip() for address in separated.split(",") if address.strip()]


class AlertMatch(models.Model):
    """A rule fired: for a story (items rules; once per story, whatever its copies) or a spike period."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="matches")
    story = models.ForeignKey(
        "monitoring.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="alert_matches"
    )
    item = models.ForeignKey(
        "monitoring.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="alert_matches"
    )
    spike_period = models.CharField(max_length=20, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    matched_at = models.DateTimeField(_("khớp lúc"), default=timezone.now, db_index=True)
    # External delivery (email, webhook): done when sent, retried on failure, held during quiet hours.
    email_sent_at = models.DateTimeField(null=True, blank=True)
    webhook_sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    gave_up = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("lần khớp cảnh báo")
        verbose_name_plural = _("lần khớp cảnh báo")
        ordering = ["-matched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "story"], name="alerts_match_once_per_story"),
            models.UniqueConstraint(
                fields=["rule", "spike_period"], condition=Q(story__isnull=True), name="alerts_match_once_per_spike"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.title[:80]}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    rule = models.ForeignKey(AlertRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    match = models.ForeignKey(AlertMatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    story = models.ForeignKey("monitoring.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title[:100]


class Checkpoint(models.Model):
    """How far the evaluator has read the items: the highest item id evaluated (one row per name)."""

    name = models.CharField(max_length=50, unique=True)
    last_item_id = models.BigIntegerField(default=0)
    # When the last complete tick started reading (wall clock): the next one reads again the items stored since
    # then, less a margin, for late commits (services.do_run_tick).
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_item_id}"
