"""Misinformation and malicious-content cases (vụ việc): an item's evidence sealed when the case is opened, then
verification, an outcome, the actions taken (correction, request to a platform, referral to the police), closing.

Evidence is immutable: ``Evidence`` and ``Attachment`` rows refuse a second ``save()`` and every ``delete()``; their
SHA-256 hashes let anyone recompute and compare (``integrity.py``). Every step leaves a ``CaseEvent`` (the case's
own timeline, shown on its page) and an audit event.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("Mới mở")
    VERIFYING = "verifying", _("Đang xác minh")
    DECIDED = "decided", _("Đã kết luận")
    CLOSED = "closed", _("Đã đóng")


class Outcome(models.TextChoices):
    FALSE = "false", _("Sai sự thật")
    MISLEADING = "misleading", _("Gây hiểu nhầm")
    TRUE = "true", _("Đúng sự thật")
    UNVERIFIABLE = "unverifiable", _("Không xác minh được")


# Only these outcomes may be referred to the police (Law on Cybersecurity 2018, art. 16: false information).
REFERABLE_OUTCOMES = (Outcome.FALSE, Outcome.MISLEADING)


class Trigger(models.TextChoices):
    MISINFO = "misinfo", _("Nguy cơ tin sai cao")
    TOXICITY = "toxicity", _("Nội dung xúc phạm, thù ghét")
    OFFICER = "officer", _("Cán bộ phát hiện")


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    ZALO = "zalo", "Zalo"
    WEBSITE = "website", _("Trang web")


class Case(models.Model):
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    title = models.CharField(_("tiêu đề"), max_length=500)
    # SET_NULL: the evidence snapshot holds everything the case needs, even if the monitoring item is purged.
    item = models.ForeignKey(
        "monitoring.Item", verbose_name=_("tin bài"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases",
    )  # fmt: skip
    trigger = models.CharField(_("lý do phát hiện"), max_length=10, choices=Trigger.choices)
    reason = models.TextField(_("lý do mở vụ việc"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPENED)
    outcome = models.CharField(_("kết luận"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("căn cứ kết luận"), blank=True)
    outcome_at = models.DateTimeField(_("kết luận lúc"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("mở lúc"), default=timezone.now)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closing_note = models.TextField(_("ghi chú khi đóng"), blank=True)

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["-opened_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="cases_number_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.code}: {self.title[:100]}"

    @property
    def code(self) -> str:
        """ "VV-2025-003": the reference officers quote on the phone and in documents."""
        return f"VV-{self.year}-{self.number:03d}"

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class CaseMember(models.Model):
    """A user explicitly on the case team: the only way a leader, agency officer or spokesperson sees a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("thêm lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("thành viên nhóm xử lý")
        verbose_name_plural = _("thành viên nhóm xử lý")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_member_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id}"


class CaseOrganisation(models.Model):
    """An organisation involved in the case: its agency officers and spokespersons (and those of its units) see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("thêm lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("cơ quan liên quan")
        verbose_name_plural = _("cơ quan liên quan")
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="cases_organisation_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organisation_id}"


class SealedError(ValidationError):
    pass


class Sealed(models.Model):
    """Rows written once: a second save or a delete through the ORM is refused (a queryset ``update()`` is not,
    which is why the hashes exist and are checked)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise SealedError(_("Chứng cứ đã niêm phong khi mở vụ việc, không sửa được."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise SealedError(_("Chứng cứ đã niêm phong khi mở vụ việc, không xóa được."))


class Evidence(Sealed):
    """The item as it was when the case was opened: ``canonical`` is the exact JSON text that was hashed (sorted keys,
    no spaces, UTF-8), so verification hashes the stored text itself, not a re-serialisation."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="evidence")
    canonical = models.TextField(_("bản chụp chứng cứ (JSON)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("niêm phong lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chứng cứ")
        verbose_name_plural = _("chứng cứ")

    def __str__(self) -> str:
        return self.sha256

    @property
    def snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.canonical)
        return data


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Ảnh chụp, tệp chứng cứ")
    SOURCE = "source", _("Tài liệu xác minh")


class Attachment(Sealed):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.EVIDENCE)
    file = models.FileField(_("tệp"), upload_to="cases/", max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Verification(models.Model):
    """One verification step: what was checked, with which sources (URLs or document references, one per line)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verifications")
    note = models.TextField(_("nội dung xác minh"))
    sources = models.JSONField(_("nguồn đối chiếu"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("kết quả xác minh")
        verbose_name_plural = _("kết quả xác minh")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.note[:100]


class Correction(models.Model):
    """An official correction the authorities published."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(_("nội dung cải chính"))
    channel = models.CharField(_("đăng ở đâu"), max_length=300)
    published_at = models.DateTimeField(_("đăng lúc"))
    url = models.URLField(_("địa chỉ"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("thông tin cải chính")
        verbose_name_plural = _("thông tin cải chính")
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return self.channel


class PlatformRequest(models.Model):
    """A request to a platform (remove, label, block…) and, later, its reply."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="platform_requests")
    platform = models.CharField(_("nền tảng"), max_length=10, choices=Platform.choices)
    request = models.TextField(_("nội dung đề nghị"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    reply = models.TextField(_("phản hồi của nền tảng"), blank=True)
    replied_at = models.DateTimeField(_("phản hồi lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đề nghị gửi nền tảng")
        verbose_name_plural = _("đề nghị gửi nền tảng")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.request[:80]}"


class Referral(Sealed):
    """The referral to the provincial police: the case summary document as it was sent, stored and hashed."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="referral")
    recipient = models.CharField(_("nơi nhận"), max_length=200)
    note = models.TextField(_("đề nghị"), blank=True)
    document = models.FileField(_("văn bản"), upload_to="cases/", max_length=300)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_at = models.DateTimeField(_("chuyển lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chuyển Công an")
        verbose_name_plural = _("chuyển Công an")

    def __str__(self) -> str:
        return self.recipient


class EventKind(models.TextChoices):
    OPENED = "opened", _("Mở vụ việc")
    MEMBER_ADDED = "member_added", _("Thêm người vào nhóm xử lý")
    MEMBER_REMOVED = "member_removed", _("Bớt người khỏi nhóm xử lý")
    ORGANISATION_ADDED = "org_added", _("Thêm cơ quan liên quan")
    ORGANISATION_REMOVED = "org_removed", _("Bớt cơ quan liên quan")
    ATTACHMENT = "attachment", _("Thêm tệp đính kèm")
    VERIFICATION = "verification", _("Xác minh")
    OUTCOME = "outcome", _("Kết luận")
    CORRECTION = "correction", _("Đăng cải chính")
    PLATFORM_REQUEST = "platform_request", _("Đề nghị nền tảng")
    PLATFORM_REPLY = "platform_reply", _("Nền tảng phản hồi")
    REFERRAL = "referral", _("Chuyển Công an tỉnh")
    INTEGRITY = "integrity", _("Kiểm tra toàn vẹn")
    CLOSED = "closed", _("Đóng vụ việc")


class CaseEvent(models.Model):
    """The case's timeline: who did what, when, with a note and the data needed to read it later (hashes…)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("bước"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến vụ việc")
        verbose_name_plural = _("diễn biến vụ việc")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
