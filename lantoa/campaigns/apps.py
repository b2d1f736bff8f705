from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "lantoa.campaigns"
    label = "campaigns"
    verbose_name = _("Chiến dịch truyền thông")
