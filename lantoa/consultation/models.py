"""Public consultation on drafts (lấy ý kiến dự thảo): the draft split into units, citizens' comments, their
moderation, and the agency's synthesis (tiếp thu / giải trình).

Personal data is kept apart: a comment's contact (email, consent, the one-time code) is a ``Contact`` row that is
never rendered on public pages nor exported, and is erased after the retention period or on withdrawal while the
comment itself stays (anonymised). No raw IP address is stored, only a keyed hash used for rate limits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")  # not public yet: import, preview, corrections
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn góp ý")
    REPORTED = "reported", _("Đã công bố báo cáo tiếp thu, giải trình")


class DraftKind(models.TextChoices):
    LAW = "law", _("Dự thảo luật")
    RESOLUTION = "resolution", _("Dự thảo nghị quyết")
    DECISION = "decision", _("Dự thảo quyết định")
    POLICY = "policy", _("Dự thảo chính sách")
    OTHER = "other", _("Dự thảo văn bản khác")


# Decision 407/QĐ-TTg: a draft policy has a large social impact when all these hold (see doc/consultation.md).
IMPACT_CRITERIA = {
    "impact_rights": _("Trực tiếp tạo lập, thay đổi hoặc chấm dứt quyền, nghĩa vụ của người dân, doanh nghiệp"),
    "impact_sensitive": _("Nội dung khó, phức tạp, nhạy cảm"),
    "impact_public_concern": _("Được dư luận quan tâm hoặc có nhiều ý kiến khác nhau"),
    "impact_wide": _("Tác động trên phạm vi cả nước hoặc toàn tỉnh"),
}


class Consultation(models.Model):
    title = models.CharField(_("tên dự thảo"), max_length=500, blank=True)  # taken from the imported draft
    title_en = models.CharField(_("tên dự thảo (tiếng Anh)"), max_length=500, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=DraftKind.choices, default=DraftKind.DECISION)
    summary = models.TextField(_("tóm tắt"), blank=True)
    summary_en = models.TextField(_("tóm tắt (tiếng Anh, cho nhà đầu tư nước ngoài)"), blank=True)
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan chủ trì soạn thảo"), on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(_("giai đoạn"), max_length=8, choices=Phase.choices, default=Phase.DRAFT)
    opens_at = models.DateTimeField(_("bắt đầu lấy ý kiến"), null=True, blank=True)
    closes_at = models.DateTimeField(_("hạn góp ý"), null=True, blank=True)
    # Shown to citizens from publication: when the agency expects to publish its report.
    report_due = models.DateField(_("dự kiến công bố báo cáo"), null=True, blank=True)
    # On: comments are shown publicly only once a moderator approved them (counted from verification anyway).
    premoderation = models.BooleanField(_("duyệt trước khi hiển thị"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    reported_at = models.DateTimeField(_("công bố báo cáo lúc"), null=True, blank=True)
    report_note = models.TextField(_("lời dẫn báo cáo"), blank=True)
    large_impact = models.BooleanField(_("chính sách có tác động lớn đến xã hội"), default=False)
    impact_rights = models.BooleanField(IMPACT_CRITERIA["impact_rights"], default=False)
    impact_sensitive = models.BooleanField(IMPACT_CRITERIA["impact_sensitive"], default=False)
    impact_public_concern = models.BooleanField(IMPACT_CRITERIA["impact_public_concern"], default=False)
    impact_wide = models.BooleanField(IMPACT_CRITERIA["impact_wide"], default=False)
    # The communication campaign (issue G) that Decision 407 requires for a large-impact policy; filled later.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_consultation", _("Kiểm duyệt ý kiến góp ý"))]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.phase != Phase.DRAFT

    @property
    def accepts_comments(self) -> bool:
        now = timezone.now()
        return (
            self.phase == Phase.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class UnitKind(models.TextChoices):
    PREAMBLE = "preamble", _("Phần mở đầu")
    CHAPTER = "chapter", _("Chương")
    SECTION = "section", _("Mục")
    ARTICLE = "article", _("Điều")
    CLAUSE = "clause", _("Khoản")
    POINT = "point", _("Điểm")
    CLOSING = "closing", _("Phần kết")


class Unit(models.Model):
    """One unit of the draft in reading order; comments attach to articles (or to the whole draft)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=8, choices=UnitKind.choices)
    label = models.CharField(_("số hiệu"), max_length=40, blank=True)
    heading = models.CharField(_("tên"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")

    class Meta:
        verbose_name = _("phần của dự thảo")
        verbose_name_plural = _("phần của dự thảo")
        ordering = ["consultation", "position"]
        constraints = [models.UniqueConstraint(fields=["consultation", "position"], name="consultation_unit_order")]

    def __str__(self) -> str:
        return " ".join(part for part in (self.label, self.heading) if part) or self.get_kind_display()


class AttachmentKind(models.TextChoices):
    DRAFT = "draft", _("Toàn văn dự thảo")
    IMPACT = "impact", _("Báo cáo đánh giá tác động của chính sách")
    EXPLANATORY = "explanatory", _("Tờ trình, thuyết minh")
    OTHER = "other", _("Tài liệu khác")


class Attachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=12, choices=AttachmentKind.choices)
    name = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="consultation/%Y/%m/")
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["consultation", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class Moderation(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Chưa duyệt")
    HELD = "held", _("Tạm ẩn chờ duyệt")  # the pre-screen found it likely toxic: hidden until a person decides
    APPROVED = "approved", _("Đã duyệt")
    HIDDEN = "hidden", _("Đã ẩn")


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("góp ý cho"), null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    text = models.TextField(_("nội dung góp ý"))
    author_name = models.CharField(_("tên người góp ý"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    moderation = models.CharField(
        _("kiểm duyệt"), max_length=10, choices=Moderation.choices, default=Moderation.UNREVIEWED
    )
    toxicity = models.FloatField(_("điểm độc hại"), null=True, blank=True)
    constructive = models.FloatField(_("điểm xây dựng"), null=True, blank=True)
    # Near-duplicates share a group: the id of the first comment of the group (its own id when it is the first).
    duplicate_of = models.PositiveIntegerField(_("nhóm ý kiến giống nhau"), null=True, blank=True, db_index=True)
    fingerprint = models.BinaryField(null=True, blank=True)
    # A keyed hash of the sender's address, for the rate limit; erased with the contact.
    address_hash = models.CharField(max_length=32, blank=True, db_index=True)
    group = models.ForeignKey(
        "SynthesisGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    # A random token of the form that sent it: a double submission (double click, a retry after a timeout) finds
    # the comment already stored instead of storing it twice.
    nonce = models.CharField(max_length=32, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["consultation", "created_at", "id"]
        indexes = [models.Index(fields=["consultation", "verified_at", "moderation"])]

    def __str__(self) -> str:
        # No name, no contact: this is what the audit log and the moderation log show.
        return f"#{self.pk}"

    @property
    def counted(self) -> bool:
        return (
            self.verified_at is not None
            and self.withdrawn_at is None
            and self.moderation in (Moderation.UNREVIEWED, Moderation.APPROVED)
        )


class CommentBand(models.Model):
    """LSH band keys of a comment's MinHash fingerprint: near-duplicate candidates by index, as monitoring does."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["consultation", "key"])]

    def __str__(self) -> str:
        return f"{self.key}"


class Contact(models.Model):
    """The personal data of a comment: email, consent, the one-time code. Never shown publicly, never exported."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField(_("thư điện tử"), blank=True)
    # Keyed hash of the lower-cased email: the per-contact rate limit without reading addresses.
    email_hash = models.CharField(max_length=32, blank=True, db_index=True)
    consent_at = models.DateTimeField(_("đồng ý lúc"), null=True, blank=True)
    consent_version = models.CharField(_("phiên bản thông báo"), max_length=20, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(_("xóa dữ liệu lúc"), null=True, blank=True)
    erase_reason = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("thông tin liên hệ")
        verbose_name_plural = _("thông tin liên hệ")

    def __str__(self) -> str:
        return f"contact #{self.pk}"


class ModerationAction(models.TextChoices):
    PRESCREEN_HOLD = "prescreen", _("Sàng lọc tự động: tạm ẩn chờ duyệt")
    APPROVE = "approve", _("Duyệt")
    HIDE = "hide", _("Ẩn")


class ModerationLog(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation_log")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("thao tác"), max_length=10, choices=ModerationAction.choices)
    reason = models.TextField(_("lý do"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    toxicity = models.FloatField(null=True, blank=True)
    constructive = models.FloatField(null=True, blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký kiểm duyệt")
        verbose_name_plural = _("nhật ký kiểm duyệt")
        ordering = ["consultation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.comment_id}"


class Response(models.TextChoices):
    PENDING = "", _("Chưa trả lời")
    ACCEPTED = "accepted", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")


class SynthesisGroup(models.Model):
    """A group of comments (per article; near-duplicates together) summarised by an officer and answered."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The near-duplicate group (Comment.duplicate_of) this synthesis group was made for; None: the article's others.
    cluster = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    summary = models.TextField(_("tóm tắt ý kiến"), blank=True)
    response = models.CharField(_("tiếp thu, giải trình"), max_length=10, choices=Response.choices, blank=True)
    response_text = models.TextField(_("nội dung tiếp thu, giải trình"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("nhóm ý kiến")
        verbose_name_plural = _("nhóm ý kiến")
        ordering = ["consultation", "position", "id"]

    def __str__(self) -> str:
        return f"nhóm {self.position}"


class Subscriber(models.Model):
    """Someone who asked to be told when the consultation changes phase (double opt-in: confirmed by a link)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField(_("thư điện tử"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("người theo dõi")
        verbose_name_plural = _("người theo dõi")
        constraints = [models.UniqueConstraint(fields=["consultation", "email"], name="consultation_subscriber_once")]

    def __str__(self) -> str:
        return f"subscriber #{self.pk}"
