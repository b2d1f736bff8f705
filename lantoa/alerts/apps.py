from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "lantoa.alerts"
    label = "alerts"
    verbose_name = _("Cảnh báo")
