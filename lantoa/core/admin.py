from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lantoa.core.models import WorkerHeartbeat

admin.site.site_header = _("Quản trị Lantoa")
admin.site.site_title = _("Quản trị Lantoa")
admin.site.index_title = _("Quản trị hệ thống")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["worker", "started_at", "seen_at"]
