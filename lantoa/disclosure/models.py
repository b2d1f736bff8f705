"""Information disclosure (Luật Tiếp cận thông tin 2016, Law 104/2016/QH13; see doc/legal.md and doc/disclosure.md).

Two halves:

- the register (``DisclosureEntry``): for each organisation, the information it must publish proactively (art. 17,
  categories in ``data/categories.json``), where (art. 18 forms) and when it was published, with a link; an entry
  not published by its due date is overdue;
- citizens' requests for information (``InformationRequest``, arts. 23–34): received from the public form or entered
  from a letter, assigned to an organisation, answered or refused with a reason within 10 working days, extended
  once by up to 10 more; every step is an ``InformationRequestEvent`` (the timeline) and an audit event.

The requester's name and contact details are personal data (Decree 13/2023/NĐ-CP): they appear only on the back-office
pages of the request, never on public pages, feeds or the statistics.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationForm(models.TextChoices):
    """Art. 18: the forms of proactive publication."""

    PORTAL = "portal", _("Cổng/trang thông tin điện tử")
    MEDIA = "media", _("Phương tiện thông tin đại chúng")
    GAZETTE = "gazette", _("Công báo")
    NOTICE = "notice", _("Niêm yết tại trụ sở, nơi công cộng")
    PRESS = "press", _("Họp báo, thông cáo báo chí, người phát ngôn")
    OTHER = "other", _("Hình thức khác")


class DisclosureEntry(models.Model):
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="disclosure_entries"
    )
    # A code of data/categories.json (validated by the services, no choices here: the list is data, not schema).
    category = models.CharField(_("nhóm thông tin"), max_length=40, db_index=True)
    title = models.CharField(_("tên thông tin, văn bản"), max_length=500)
    document_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành, phê duyệt"))
    due_on = models.DateField(_("hạn công khai"), null=True, blank=True, db_index=True)
    form = models.CharField(_("hình thức công khai"), max_length=10, choices=PublicationForm.choices, blank=True)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True, db_index=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("thông tin phải công khai")
        verbose_name_plural = _("sổ thông tin phải công khai")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["organisation", "category"])]

    def __str__(self) -> str:
        return self.title

    @property
    def category_name(self) -> str:
        from lantoa.disclosure.categories import by_code

        category = by_code().get(self.category)
        return category.name if category else self.category

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    def is_overdue(self, today: date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.published_on is None and self.due_on is not None and day > self.due_on

    @property
    def published_late(self) -> bool:
        return self.published_on is not None and self.due_on is not None and self.published_on > self.due_on


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đang giải quyết")
    ANSWERED = "answered", _("Đã cung cấp")
    REFUSED = "refused", _("Từ chối cung cấp")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ASSIGNED)


class ReceivedVia(models.TextChoices):
    FORM = "form", _("Biểu mẫu trên cổng")
    LETTER = "letter", _("Phiếu yêu cầu, văn bản gửi qua bưu điện")
    IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
    EMAIL = "email", _("Thư điện tử")


class ProvisionForm(models.TextChoices):
    """How the requester wants the information (art. 24) and how it was provided."""

    ON_SPOT = "on_spot", _("Cung cấp ngay tại trụ sở (đọc, xem, nghe, ghi chép, sao chép)")
    ELECTRONIC = "electronic", _("Qua mạng điện tử (thư điện tử)")
    POST = "post", _("Qua dịch vụ bưu chính")
    FAX = "fax", _("Qua fax")


class RefusalGround(models.TextChoices):
    """Grounds for refusing (arts. 6, 7 and 34, as we read them; not verified against the official text)."""

    SECRET = "secret", _("Bí mật nhà nước (khoản 1 Điều 6)")
    HARMFUL = "harmful", _("Gây nguy hại đến lợi ích Nhà nước, quốc phòng, an ninh, trật tự (khoản 2 Điều 6)")
    INTERNAL = "internal", _("Thông tin nội bộ, tài liệu do cơ quan soạn thảo cho công việc nội bộ (khoản 3 Điều 6)")
    CONDITIONAL = (
        "conditional",
        _("Bí mật kinh doanh, đời sống riêng tư, bí mật cá nhân, gia đình chưa được đồng ý (Điều 7)"),
    )
    PUBLISHED = "published", _("Thông tin đã được công khai (hướng dẫn nơi tìm)")
    NOT_OURS = "not_ours", _("Không thuộc trách nhiệm cung cấp của cơ quan")
    UNCLEAR = "unclear", _("Yêu cầu không rõ ràng, không đủ nội dung theo quy định")
    REPEATED = "repeated", _("Thông tin đã được cung cấp cho chính người yêu cầu")
    OTHER = "other", _("Lý do khác")


class InformationRequest(models.Model):
    requester_name = models.CharField(_("họ và tên người yêu cầu"), max_length=200)
    requester_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    requester_email = models.EmailField(_("thư điện tử"), blank=True)
    requester_phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    information = models.TextField(_("thông tin được yêu cầu"))
    purpose = models.CharField(_("mục đích sử dụng thông tin"), max_length=1000, blank=True)
    provision_form = models.CharField(_("hình thức nhận thông tin"), max_length=12, choices=ProvisionForm.choices)
    received_via = models.CharField(_("tiếp nhận qua"), max_length=10, choices=ReceivedVia.choices)
    received_on = models.DateField(_("ngày nhận yêu cầu hợp lệ"))
    # The body the requester addressed (public form); the press office confirms it in the assign step.
    addressed_to = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan người dân gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan giải quyết"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="information_requests",
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED, db_index=True
    )
    original_deadline = models.DateField(_("hạn giải quyết ban đầu"))
    deadline = models.DateField(_("hạn giải quyết"), db_index=True)
    extended_on = models.DateField(_("ngày gia hạn"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    answer_text = models.TextField(_("nội dung cung cấp"), blank=True)
    provided_how = models.CharField(
        _("hình thức đã cung cấp"), max_length=12, choices=ProvisionForm.choices, blank=True
    )
    answered_on = models.DateField(_("ngày cung cấp, trả lời"), null=True, blank=True)
    refusal_ground = models.CharField(_("căn cứ từ chối"), max_length=12, choices=RefusalGround.choices, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # Keyed hash of the client address of a public-form request (rate limit only; the address is never stored).
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("yêu cầu cung cấp thông tin")
        verbose_name_plural = _("yêu cầu cung cấp thông tin")
        ordering = ["-received_on", "-id"]
        permissions = [("assign_informationrequest", _("Giao cơ quan giải quyết yêu cầu cung cấp thông tin"))]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        # No personal data: the audit log's target label is built from this.
        return self.reference

    @property
    def reference(self) -> str:
        return f"TT-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and day > self.deadline

    @property
    def on_time(self) -> bool | None:
        """Answered or refused on or before the (possibly extended) deadline; None while open."""
        if self.answered_on is None:
            return None
        return self.answered_on <= self.deadline


def answer_file_path(instance: InformationRequest, filename: str) -> str:
    # A random stored name: the original one may carry the requester's name; it stays in ``name`` behind the scope.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"disclosure/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=answer_file_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp cung cấp thông tin")
        verbose_name_plural = _("tệp cung cấp thông tin")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RequestAction(models.TextChoices):
    CREATE = "create", _("Tiếp nhận yêu cầu")
    ASSIGN = "assign", _("Giao cơ quan giải quyết")
    EXTEND = "extend", _("Gia hạn")
    ANSWER = "answer", _("Cung cấp thông tin")
    REFUSE = "refuse", _("Từ chối cung cấp")


class InformationRequestEvent(models.Model):
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=10, choices=RequestAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=RequestStatus.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến giải quyết")
        verbose_name_plural = _("diễn biến giải quyết")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
