"""Press requests and the answers to them (Luật Báo chí 2016, Law 103/2016/QH13, art. 43; see doc/legal.md).

A request comes from a press agency (an ``org.Outlet``), usually about a story the platform monitored. The press
office routes it to the responsible organisation, which drafts an answer; the organisation's head or spokesperson
approves it; the answer is published on the press or sent to the press agency, within the legal deadline (30 days
from receipt for both kinds of art. 43). Every step is a ``PressRequestEvent`` (the request's timeline) and an audit
event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalType(models.TextChoices):
    # Art. 43(1): the head of a press agency asks a body to answer on the press an issue raised by citizens.
    ANSWER = "answer", _("Trả lời trên báo chí theo yêu cầu của người đứng đầu cơ quan báo chí (khoản 1 Điều 43)")
    # Art. 43(2): the body informs the press agency of how forwarded opinions/petitions/complaints are handled.
    HANDLING = "handling", _("Thông báo kết quả xử lý ý kiến, kiến nghị, phê bình, khiếu nại (khoản 2 Điều 43)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    DRAFTING = "drafting", _("Đang soạn trả lời")
    APPROVED = "approved", _("Đã duyệt")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


# Still to be answered: these count towards the deadlines, the reminders and the "one open request per story" rule.
OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTING, Status.APPROVED)
DONE_STATUSES = (Status.ANSWERED, Status.CLOSED)


class AnswerChannel(models.TextChoices):
    PRESS = "press", _("Đăng trên báo chí")
    LETTER = "letter", _("Văn bản gửi cơ quan báo chí")
    EMAIL = "email", _("Thư điện tử gửi cơ quan báo chí")
    PORTAL = "portal", _("Đăng trên cổng/trang thông tin điện tử của cơ quan")
    CONFERENCE = "conference", _("Họp báo, giao ban báo chí")


class PressRequest(models.Model):
    outlet = models.ForeignKey(
        "org.Outlet", verbose_name=_("cơ quan báo chí"), on_delete=models.PROTECT, related_name="press_requests"
    )
    issue = models.TextField(_("vấn đề báo chí nêu"))
    legal_type = models.CharField(_("loại yêu cầu"), max_length=10, choices=LegalType.choices)
    story = models.ForeignKey(
        "monitoring.Story", verbose_name=_("sự kiện tin"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="press_requests",
    )  # fmt: skip
    items = models.ManyToManyField("monitoring.Item", verbose_name=_("tin bài liên quan"), blank=True, related_name="+")
    received_on = models.DateField(_("ngày nhận"))
    letter_number = models.CharField(_("số văn bản của cơ quan báo chí"), max_length=100, blank=True)
    letter_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan chủ trì trả lời"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="press_requests",
    )  # fmt: skip
    # Codes of the organisations suggested when the request was opened (sector + places), for the assign step.
    suggested = models.JSONField(_("cơ quan được gợi ý"), default=list, blank=True)
    legal_deadline = models.DateField(_("hạn theo luật"), db_index=True)
    internal_deadline = models.DateField(_("hạn nội bộ"))
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approval_note = models.CharField(_("ghi chú duyệt"), max_length=500, blank=True)
    answer_channel = models.CharField(_("hình thức trả lời"), max_length=10, choices=AnswerChannel.choices, blank=True)
    answer_where = models.CharField(_("đăng/gửi tại"), max_length=300, blank=True)
    answer_url = models.URLField(_("địa chỉ bài trả lời"), max_length=1000, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    # Published on the platform's public page (cong-khai/tra-loi-bao-chi/): only ``public_title`` and the answer.
    published = models.BooleanField(_("công khai trên cổng"), default=False, db_index=True)
    public_title = models.CharField(_("tiêu đề công khai"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu trả lời báo chí")
        verbose_name_plural = _("yêu cầu trả lời báo chí")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("assign_pressrequest", _("Giao cơ quan chủ trì trả lời báo chí")),
            ("approve_pressrequest", _("Duyệt nội dung trả lời báo chí")),
            ("close_pressrequest", _("Đóng, mở lại yêu cầu trả lời báo chí")),
            ("publish_pressrequest", _("Công khai câu trả lời báo chí")),
        ]
        constraints = [
            # One open request per story: the service says so in words first; this catches two officers at once.
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(status__in=["received", "assigned", "drafting", "approved"]),
                name="press_one_open_request_per_story",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.issue[:80]}"

    @property
    def reference(self) -> str:
        return f"YC-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and day > self.legal_deadline  # type: ignore[operator]

    def is_internal_overdue(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and day > self.internal_deadline  # type: ignore[operator]

    @property
    def on_time(self) -> bool | None:
        """Answered on or before the legal deadline; None while not answered."""
        if self.answered_on is None:
            return None
        return self.answered_on <= self.legal_deadline


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("Văn bản của cơ quan báo chí")
    ANSWER = "answer", _("Văn bản trả lời")
    OTHER = "other", _("Tài liệu khác")


def attachment_path(instance: PressAttachment, filename: str) -> str:
    # The stored name is random: the original name (often a citizen's name) stays in ``name``, behind the scope check.
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"press/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class PressAttachment(models.Model):
    request = models.ForeignKey(PressRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class EventAction(models.TextChoices):
    CREATE = "create", _("Tiếp nhận yêu cầu")
    ASSIGN = "assign", _("Giao cơ quan chủ trì")
    DRAFT = "draft", _("Soạn, sửa nội dung trả lời")
    APPROVE = "approve", _("Duyệt nội dung trả lời")
    ANSWER = "answer", _("Trả lời báo chí")
    CLOSE = "close", _("Đóng yêu cầu")
    REOPEN = "reopen", _("Mở lại yêu cầu")
    ATTACH = "attach", _("Đính kèm tài liệu")
    PUBLISH = "publish", _("Công khai câu trả lời")
    UNPUBLISH = "unpublish", _("Thôi công khai")
    REMIND = "remind", _("Nhắc hạn")
    ESCALATE = "escalate", _("Báo cáo quá hạn")


class PressRequestEvent(models.Model):
    """One line of a request's timeline: who did what, when, with the note they gave."""

    request = models.ForeignKey(PressRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=10, choices=EventAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=Status.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class PressReminder(models.Model):
    """A reminder or an escalation already sent, so that the daily task sends each one once (``day``: its date)."""

    request = models.ForeignKey(PressRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "internal-3", "legal-1", "overdue" …
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind", "day"], name="press_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.day:%d/%m/%Y}"
