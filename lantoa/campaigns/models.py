"""Communication campaigns (chiến dịch truyền thông): one per policy or theme, with its content calendar.

A content item is written in versions: every edit is a new ``ContentVersion`` with its per-channel ``Variant``s,
and approvals attach to a version, so an approval always names the exact text approved. Editing an item in
approval or approved starts the chain again on the new version. Approval follows the organisation's
``ApprovalChain``: ordered steps, each naming one user or a role of that organisation.

Produced outputs (radio bulletin, LED slides, leaflet) are files attached to the version they were made from.
``PublicationRecord`` says where and when an item went out on a channel (by a connector, or entered by hand) and
carries its reach figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.roles import ROLE_LABELS, Role
from lantoa.campaigns.channels import Channel


class Campaign(models.Model):
    title = models.CharField(_("tên chiến dịch"), max_length=300)
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    # The policy the campaign serves, when it went through public consultation (issue F).
    consultation = models.ForeignKey(
        "consultation.Consultation", verbose_name=_("chính sách (dự thảo lấy ý kiến)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    policy = models.CharField(_("chính sách, chủ đề"), max_length=500, blank=True)
    goals = models.TextField(_("mục tiêu"), blank=True)
    audience = models.TextField(_("đối tượng"), blank=True)
    messages = models.TextField(_("thông điệp chính"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    channels = models.JSONField(_("kênh truyền thông"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chiến dịch truyền thông")
        verbose_name_plural = _("chiến dịch truyền thông")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    def channel_labels(self) -> list[str]:
        return [str(Channel(code).label) for code in self.channels if code in Channel.values]


class ApprovalChain(models.Model):
    """Who approves an organisation's content, in order. The organisation's default chain is used on submission."""

    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("tên quy trình"), max_length=200)
    is_default = models.BooleanField(_("mặc định"), default=True)

    class Meta:
        verbose_name = _("quy trình duyệt nội dung")
        verbose_name_plural = _("quy trình duyệt nội dung")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_default=True), name="one_default_chain_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApprovalStep(models.Model):
    """One step: a named user, or anyone with ``role`` in the chain's organisation."""

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    role = models.CharField(_("vai trò"), max_length=20, blank=True, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        verbose_name = _("bước duyệt")
        verbose_name_plural = _("bước duyệt")
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="approval_step_position_unique"),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(role="")) | (Q(user__isnull=True) & ~Q(role="")),
                name="approval_step_user_xor_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.approver_label}"

    @property
    def approver_label(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return str(ROLE_LABELS[Role(self.role)])


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đang trình duyệt")
    APPROVED = "approved", _("Đã duyệt")
    PUBLISHED = "published", _("Đã đăng")


class ContentItem(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("chiến dịch"), on_delete=models.CASCADE, related_name="items")
    status = models.CharField(_("trạng thái"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    planned_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    current_version = models.ForeignKey(
        "ContentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The chain taken at submission and the step now awaited (1-based; 0 when not in approval).
    chain = models.ForeignKey(ApprovalChain, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    current_step = models.PositiveSmallIntegerField(default=0)
    # The version the public feeds show: the last one published (a later draft never leaks out).
    published_version = models.ForeignKey(
        "ContentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("đăng lần đầu lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nội dung truyền thông")
        verbose_name_plural = _("nội dung truyền thông")
        ordering = ["planned_on", "id"]
        permissions = [("publish_contentitem", _("Đăng nội dung đã duyệt"))]

    def __str__(self) -> str:
        return self.current_version.title if self.current_version else f"#{self.pk}"


class ContentVersion(models.Model):
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    # Optional English text for foreign audiences (investors, visitors; issue H).
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=300, blank=True)
    body_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    note = models.CharField(_("ghi chú sửa đổi"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản nội dung")
        verbose_name_plural = _("phiên bản nội dung")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="content_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Variant(models.Model):
    """The text adapted to one channel, part of a version (copied forward on every new version)."""

    version = models.ForeignKey(ContentVersion, on_delete=models.CASCADE, related_name="variants")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    # The day it is planned on this channel: the calendar. Not content, so changing it needs no new approval.
    scheduled_on = models.DateField(_("ngày đăng dự kiến"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản theo kênh")
        verbose_name_plural = _("phiên bản theo kênh")
        ordering = ["version", "channel"]
        constraints = [models.UniqueConstraint(fields=["version", "channel"], name="variant_channel_unique")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.title or self.body[:60]}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Duyệt")
    REJECT = "reject", _("Trả lại")


class Approval(models.Model):
    version = models.ForeignKey(ContentVersion, on_delete=models.CASCADE, related_name="approvals")
    step = models.PositiveSmallIntegerField(_("bước"))
    decision = models.CharField(_("quyết định"), max_length=8, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("ý kiến"), blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến duyệt")
        verbose_name_plural = _("ý kiến duyệt")
        ordering = ["version", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.version} {self.step} {self.decision}"


class OutputKind(models.TextChoices):
    RADIO_WAV = "radio_wav", _("Bản tin phát thanh (âm thanh WAV)")
    RADIO_SCRIPT = "radio_script", _("Kịch bản phát thanh (văn bản)")
    LED_PNG = "led_png", _("Trang trình chiếu màn hình LED (PNG)")
    LEAFLET_PDF = "leaflet_pdf", _("Tờ gấp (PDF)")


class Output(models.Model):
    version = models.ForeignKey(ContentVersion, on_delete=models.CASCADE, related_name="outputs")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("loại sản phẩm"), max_length=12, choices=OutputKind.choices)
    file = models.FileField(_("tệp"), upload_to="campaigns/outputs/%Y/%m/")
    # Facts measured on the file: duration of a WAV, size of a PNG, the slide's number and orientation.
    meta = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm truyền thông")
        verbose_name_plural = _("sản phẩm truyền thông")
        ordering = ["version", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.version})"


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook (Trang)")
    ZALO = "zalo", _("Zalo Official Account")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")


class PlatformCredential(models.Model):
    """An organisation's account on a platform. The token is write-only: never rendered, logged or audited."""

    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    platform = models.CharField(_("nền tảng"), max_length=10, choices=Platform.choices)
    account_id = models.CharField(_("mã trang / tài khoản"), max_length=200)
    token = models.TextField(_("mã truy cập"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài khoản nền tảng")
        verbose_name_plural = _("tài khoản nền tảng")
        constraints = [models.UniqueConstraint(fields=["organisation", "platform"], name="one_credential_per_platform")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.account_id}"

    def __repr__(self) -> str:  # the default would be harmless too; this one says on purpose what it leaves out
        return f"<PlatformCredential {self.platform} {self.account_id} token=***>"


class Method(models.TextChoices):
    MANUAL = "manual", _("Ghi nhận thủ công")
    CONNECTOR = "connector", _("Đăng qua kết nối nền tảng")
    DRY_RUN = "dry_run", _("Chạy thử (không gửi)")
    IMPORT = "import", _("Nhập từ tệp CSV")


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Đã đăng")
    SENT = "sent", _("Đã gửi, chờ nền tảng xử lý")
    DRY_RUN = "dry_run", _("Chạy thử")
    FAILED = "failed", _("Lỗi")


REACH_FIELDS = ("views", "likes", "shares", "listeners", "copies", "attendees")


class PublicationRecord(models.Model):
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="publications")
    version = models.ForeignKey(ContentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    method = models.CharField(_("cách đăng"), max_length=10, choices=Method.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PublicationStatus.choices)
    where = models.CharField(_("nơi đăng"), max_length=300, blank=True)
    url = models.URLField(_("liên kết"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    external_id = models.CharField(_("mã trên nền tảng"), max_length=300, blank=True)
    # What a connector built (method, URL, JSON body; never the token) and what the platform answered.
    request = models.JSONField(default=dict, blank=True)
    response = models.TextField(blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    views = models.PositiveIntegerField(_("lượt xem"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("lượt thích"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("lượt chia sẻ"), null=True, blank=True)
    listeners = models.PositiveIntegerField(_("người nghe"), null=True, blank=True)
    copies = models.PositiveIntegerField(_("số bản in"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("người dự"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả đăng")
        verbose_name_plural = _("kết quả đăng")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.url or self.where}"
