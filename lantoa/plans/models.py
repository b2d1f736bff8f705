"""The province's yearly communication plan as data, and the training sessions of its item II.4.

Plan → Section (II.1 … IV.7) → Task → Assignment (one per organisation) → Occurrence (one per reporting period, with
its due date) ← ProgressReport (what the organisation reported, with attachments).

Daily and weekly tasks do not get one row per day or week: their work is reported in a monthly occurrence, with the
counts (articles, broadcasts, posts…) of the month. See doc/plans.md.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Part(models.TextChoices):
    CONTENT = "content", _("Nội dung tuyên truyền")
    FORM = "form", _("Hình thức tuyên truyền")
    RESPONSIBILITY = "responsibility", _("Tổ chức thực hiện")


class Periodicity(models.TextChoices):
    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class Status(models.TextChoices):
    """What is stored. "Late" is not stored: it is an open occurrence past its due date, as of today."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


LATE = "late"
LATE_LABEL = _("Trễ hạn")
# Every state a cell of the matrix can show, in the order of the filter.
STATE_CHOICES = [*Status.choices, (LATE, LATE_LABEL)]


class Plan(models.Model):
    year = models.PositiveIntegerField(_("năm"), unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # False while the text is our reconstruction (lantoa/plans/data/SOURCE.md), not the signed plan's wording.
    is_official_text = models.BooleanField(_("văn bản chính thức"), default=False)
    source_file = models.CharField(_("tệp dữ liệu"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("nạp lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mục"), max_length=20)
    part = models.CharField(_("phần"), max_length=20, choices=Part.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục kế hoạch")
        verbose_name_plural = _("mục kế hoạch")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_section_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("mã nhiệm vụ"), max_length=20)
    title = models.CharField(_("nhiệm vụ"), max_length=400)
    description = models.TextField(_("mô tả"), blank=True)
    periodicity = models.CharField(_("định kỳ"), max_length=10, choices=Periodicity.choices)
    # Due rule: day of the month (monthly; of the quarter's last month for quarterly) or day/month (yearly).
    due_day = models.PositiveSmallIntegerField(
        _("hạn báo cáo (ngày)"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    due_month = models.PositiveSmallIntegerField(
        _("hạn báo cáo (tháng)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # The assignees as the plan file names them ({"all": ["department"], "codes": [...]}), kept for display.
    assignee_spec = models.JSONField(_("đơn vị thực hiện"), default=dict, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_task_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def reported_monthly(self) -> bool:
        """Daily and weekly work is counted in a monthly report, not in a row per day or week."""
        return self.periodicity in (Periodicity.DAILY, Periodicity.WEEKLY, Periodicity.MONTHLY)


class Assignment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="plan_assignments"
    )

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "organisation"], name="plans_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} – {self.organisation}"


class Figures(models.Model):
    """The counts an organisation reports for a period (all non-negative)."""

    articles = models.PositiveIntegerField(_("tin, bài"), default=0)
    broadcasts = models.PositiveIntegerField(_("chương trình phát thanh, truyền hình"), default=0)
    posts = models.PositiveIntegerField(_("bài đăng mạng xã hội"), default=0)
    events = models.PositiveIntegerField(_("hội nghị, sự kiện, đối thoại"), default=0)
    trainings = models.PositiveIntegerField(_("lớp tập huấn, bồi dưỡng"), default=0)
    people_reached = models.PositiveIntegerField(_("lượt người được tiếp cận"), default=0)

    class Meta:
        abstract = True


FIGURES = ("articles", "broadcasts", "posts", "events", "trainings", "people_reached")
FIGURE_LABELS = {
    "articles": _("Tin, bài"),
    "broadcasts": _("Chương trình phát thanh, truyền hình"),
    "posts": _("Bài đăng mạng xã hội"),
    "events": _("Hội nghị, sự kiện, đối thoại"),
    "trainings": _("Lớp tập huấn, bồi dưỡng"),
    "people_reached": _("Lượt người được tiếp cận"),
}


class Occurrence(Figures):
    """One reporting period of an assignment (a month, a quarter, the year) with its due date. Its status and figures
    are those of the latest progress report (the officer corrects the figures; the history stays in the reports)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="occurrences")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn báo cáo"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    summary = models.TextField(_("kết quả thực hiện"), blank=True)
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    completed_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("nhắc lần cuối"), null=True, blank=True)
    reminder_count = models.PositiveIntegerField(_("số lần nhắc"), default=0)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period_start"], name="plans_occurrence_unique"),
        ]
        indexes = [
            models.Index(fields=["period_start", "period_end"], name="plans_occ_period"),
            models.Index(fields=["status", "due_on"], name="plans_occ_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    def state(self, today: date | None = None) -> str:
        return state_of(self.status, self.due_on, today or timezone.localdate())

    @property
    def current_state(self) -> str:
        return self.state()

    @property
    def state_label(self) -> str:
        return str(dict(STATE_CHOICES)[self.current_state])

    @property
    def done_late(self) -> bool:
        return self.completed_on is not None and self.completed_on > self.due_on


def state_of(status: str, due_on: date, today: date) -> str:
    if status != Status.DONE and due_on < today:
        return LATE
    return status


def period_label(start: date, end: date) -> str:
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return str(_("Năm %(year)d") % {"year": start.year})
    if start.month == end.month:
        return str(_("Tháng %(month)d/%(year)d") % {"month": start.month, "year": start.year})
    quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
    return str(_("Quý %(quarter)s/%(year)d") % {"quarter": quarter, "year": start.year})


def _upload_path(folder: str, filename: str) -> str:
    # A random stored name: the original name stays in ``name`` and is served only after the scope check.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def report_upload_path(instance: ReportAttachment, filename: str) -> str:
    return _upload_path("plans/reports", filename)


def material_upload_path(instance: TrainingMaterial, filename: str) -> str:
    return _upload_path("plans/training", filename)


class ProgressReport(Figures):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    text = models.TextField(_("kết quả thực hiện"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("báo cáo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurrence} – {self.get_status_display()}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=report_upload_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    """A training course for spokespersons and communication staff (plan item II.4)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings"
    )
    held_on = models.DateField(_("ngày tổ chức"))
    topic = models.CharField(_("chủ đề"), max_length=300)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    trainers = models.TextField(_("báo cáo viên"), blank=True, help_text=_("Mỗi người một dòng."))
    description = models.TextField(_("nội dung"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d/%m/%Y})"

    @property
    def trainer_list(self) -> list[str]:
        return [line.strip() for line in self.trainers.splitlines() if line.strip()]


class Attendance(models.TextChoices):
    INVITED = "invited", _("Được triệu tập")
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")


class TrainingAttendee(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        "org.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="trainings"
    )
    attendance = models.CharField(_("điểm danh"), max_length=8, choices=Attendance.choices, default=Attendance.INVITED)
    score = models.PositiveSmallIntegerField(
        _("đánh giá (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["session", "person__organisation__sort_order", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="plans_attendee_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="plans_attendee_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class TrainingMaterial(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("tệp"), upload_to=material_upload_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu tập huấn")
        verbose_name_plural = _("tài liệu tập huấn")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
