from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change done through a service: who, what, when, and the fields before/after.

    Rows are written once and never edited. ``actor_label`` and ``target_label`` keep the names as they were, so the
    log still reads correctly after a user or an object is renamed or deleted.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), null=True, blank=True, on_delete=models.SET_NULL
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    # The organisation the object belongs to: agency officers read the log of their own organisation only.
    organisation = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
