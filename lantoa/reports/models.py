"""Periodic reports (báo cáo định kỳ): the quarterly or yearly report of the press office to the provincial People's
Committee and the Ministry, drafted from live data, edited, then issued with a number.

A report keeps the figures it was drafted with (``figures``, plain JSON from ``sources.gather``): what was issued
stays what was issued, even when the data changes later. "Refresh figures" re-takes them while it is a draft.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Báo cáo quý")
    YEAR = "year", _("Báo cáo năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã phát hành")


class Report(models.Model):
    kind = models.CharField(_("kỳ báo cáo"), max_length=7, choices=PeriodKind.choices)
    year = models.PositiveIntegerField(_("năm"))
    # 1–4 for a quarterly report, 0 for a yearly one (not NULL: the unique constraint must hold on both databases).
    quarter = models.PositiveSmallIntegerField(_("quý"), default=0)
    status = models.CharField(_("trạng thái"), max_length=6, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Numbered per calendar year of issue among reports ("Số: 05/BC-SVHTTDL"); 0 while a draft.
    number_year = models.PositiveIntegerField(_("năm đánh số"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), default=0)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("lấy số liệu lúc"), default=timezone.now)
    intro = models.TextField(_("mở đầu"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-year", "-quarter", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="reports_one_report_per_period"),
            models.UniqueConstraint(
                fields=["number_year", "number"], condition=models.Q(number__gt=0), name="reports_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="year", quarter=0) | models.Q(kind="quarter", quarter__gte=1, quarter__lte=4),
                name="reports_quarter_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Báo cáo')} {self.period_label}"

    @property
    def period_label(self) -> str:
        from lantoa.reports.periods import Period

        return Period(self.kind, self.year, self.quarter).label

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT
