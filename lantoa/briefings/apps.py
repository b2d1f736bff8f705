from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "lantoa.briefings"
    label = "briefings"
    verbose_name = _("Giao ban, họp báo, phát ngôn")
