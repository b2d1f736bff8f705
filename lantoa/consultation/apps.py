from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "lantoa.consultation"
    label = "consultation"
    verbose_name = _("Lấy ý kiến dự thảo chính sách")
