from __future__ import annotations

from django.db import models
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
