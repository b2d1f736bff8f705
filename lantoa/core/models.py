from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (one row per host and process).

    /healthz reads these rows: a worker that has not beaten for LANTOA_WORKER_STALE_SECONDS is reported stale.
    A table rather than a queue key, so that a scale-out deployment lists each of its N workers.
    """

    worker = models.CharField(_("tiến trình"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("khởi động lúc"))
    seen_at = models.DateTimeField(_("lần cuối hoạt động"))

    class Meta:
        verbose_name = _("nhịp tim tiến trình nền")
        verbose_name_plural = _("nhịp tim tiến trình nền")

    def __str__(self) -> str:
        return self.worker


class PersonalDataAction(models.TextChoices):
    EXPORT = "export", _("Xuất dữ liệu")
    ERASE = "erase", _("Xóa dữ liệu")


class PersonalDataRequest(models.Model):
    """A citizen's personal data exported or erased on request (lantoa.core.privacy): who, when, why. The person
    is named by a keyed hash of their e-mail or phone, never by the address itself."""

    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200)
    action = models.CharField(_("thao tác"), max_length=10, choices=PersonalDataAction.choices)
    subject_kind = models.CharField(_("tra cứu theo"), max_length=10)
    subject_hash = models.CharField(_("mã hóa người được tra cứu"), max_length=64, db_index=True)
    reason = models.TextField(_("lý do"), blank=True)
    records = models.PositiveIntegerField(_("số bản ghi"), default=0)

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["-at", "-id"]
        default_permissions = ()
        permissions = [("manage_personal_data", _("Tra cứu, xuất và xóa dữ liệu cá nhân của người dân"))]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_hash[:16]}"
