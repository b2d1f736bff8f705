"""Press briefings (giao ban báo chí), press conferences and urgent statements (Decree 09/2017/NĐ-CP arts. 4–5).

A briefing or a press conference is scheduled (date, time, place), has participants (organisations, journalists and
their outlets) and agenda items; journalists send questions through a public form; the press office assigns each
question to an organisation, which answers; the minutes (biên bản) list all of it. Urgent statements on sudden events
record when the event happened and when the statement was made.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import Organisation, Outlet


class BriefingKind(models.TextChoices):
    BRIEFING = "briefing", _("Giao ban báo chí")
    CONFERENCE = "conference", _("Họp báo")


class BriefingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Đã hủy")


class Briefing(models.Model):
    kind = models.CharField(_("loại"), max_length=12, choices=BriefingKind.choices, default=BriefingKind.BRIEFING)
    title = models.CharField(_("tên"), max_length=300)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan chủ trì"),
        on_delete=models.PROTECT,
        related_name="hosted_briefings",
        help_text=_("Họp báo định kỳ của UBND tỉnh (ít nhất 3 tháng một lần) do UBND tỉnh chủ trì."),
    )
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=300)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=BriefingStatus.choices, default=BriefingStatus.SCHEDULED
    )
    accepts_questions = models.BooleanField(
        _("nhận câu hỏi trực tuyến"), default=True, help_text=_("Nhà báo gửi câu hỏi qua trang công khai.")
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("cơ quan tham dự"), related_name="attended_briefings", blank=True
    )
    chair = models.CharField(_("người chủ trì"), max_length=200, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi giao ban, họp báo")
        verbose_name_plural = _("buổi giao ban, họp báo")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["kind", "status", "starts_at"])]
        permissions = [("manage_briefings", _("Quản lý giao ban, họp báo, phát ngôn"))]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def is_open_for_questions(self) -> bool:
        return self.accepts_questions and self.status == BriefingStatus.SCHEDULED and self.starts_at > timezone.now()


class Journalist(models.Model):
    """A journalist attending a briefing, with their outlet (from the registry when known)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="journalists")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("cơ quan báo chí"), null=True, blank=True, on_delete=models.SET_NULL
    )
    outlet_name = models.CharField(_("cơ quan báo chí (khác)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nhà báo tham dự")
        verbose_name_plural = _("nhà báo tham dự")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def outlet_label(self) -> str:
        return self.outlet.name if self.outlet else self.outlet_name


class AgendaItem(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan trình bày"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class QuestionStatus(models.TextChoices):
    NEW = "new", _("Mới nhận")
    ASSIGNED = "assigned", _("Đã giao trả lời")
    ANSWERED = "answered", _("Đã trả lời")


class Question(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="questions")
    journalist_name = models.CharField(_("họ và tên nhà báo"), max_length=120)
    outlet_name = models.CharField(_("cơ quan báo chí"), max_length=200)
    email = models.EmailField(_("thư điện tử"))
    text = models.TextField(_("câu hỏi"))
    # Duplicate detection: a hash of the accent-folded, whitespace-collapsed text, per briefing.
    fingerprint = models.CharField(max_length=64, editable=False)
    # Rate limiting without keeping addresses: a keyed hash (HMAC with the secret key) of the client's IP.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    from_public_form = models.BooleanField(default=True, editable=False)
    status = models.CharField(_("tình trạng"), max_length=10, choices=QuestionStatus.choices, default="new")
    assigned_to = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefing_questions",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("câu hỏi của nhà báo")
        verbose_name_plural = _("câu hỏi của nhà báo")
        ordering = ["submitted_at", "id"]
        permissions = [("answer_question", _("Trả lời câu hỏi được giao cho cơ quan mình"))]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "fingerprint"], name="briefings_question_not_duplicated")
        ]
        indexes = [models.Index(fields=["email", "submitted_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class StatementForm(models.TextChoices):
    """Decree 09/2017 art. 4: the forms of providing information to the press."""

    CONFERENCE = "conference", _("Họp báo")
    PORTAL = "portal", _("Đăng trên cổng/trang thông tin điện tử, trang mạng xã hội chính thức")
    INTERVIEW = "interview", _("Phát ngôn trực tiếp, trả lời phỏng vấn")
    RELEASE = "release", _("Thông cáo báo chí, trả lời bằng văn bản hoặc thư điện tử")
    BRIEFING = "briefing", _("Cung cấp thông tin tại giao ban báo chí")
    CORRECTION = "correction", _("Văn bản yêu cầu cải chính")


class UrgentStatement(models.Model):
    """A statement on a sudden event (sự kiện, vấn đề bất thường, đột xuất): how long after the event it came."""

    title = models.CharField(_("sự kiện"), max_length=300)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan phát ngôn"), on_delete=models.PROTECT, related_name="urgent_statements"
    )
    event_at = models.DateTimeField(_("sự kiện xảy ra lúc"))
    statement_at = models.DateTimeField(_("phát ngôn lúc"), null=True, blank=True)
    form = models.CharField(_("hình thức"), max_length=12, choices=StatementForm.choices, blank=True)
    summary = models.TextField(_("nội dung phát ngôn"), blank=True)
    url = models.URLField(_("đường dẫn"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phát ngôn về sự kiện đột xuất")
        verbose_name_plural = _("phát ngôn về sự kiện đột xuất")
        ordering = ["-event_at"]

    def __str__(self) -> str:
        return self.title

    def elapsed(self, now: datetime | None = None) -> timedelta:
        """From the event to the statement; to ``now`` while no statement has been made."""
        end = self.statement_at or now or timezone.now()
        return end - self.event_at
