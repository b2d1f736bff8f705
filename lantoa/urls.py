from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from lantoa.api import api
from lantoa.core import views as core_views

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=f"/{settings.STATIC_URL}lantoa/favicon.svg")),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("to-chuc/", include("lantoa.org.urls")),
    path("tin/", include("lantoa.monitoring.urls")),
    path("diem-tin/", include("lantoa.digests.urls")),
    path("canh-bao/", include("lantoa.alerts.urls")),
    path("xu-huong/", include("lantoa.trends.urls")),
    path("tra-loi-bao-chi/", include("lantoa.press.urls")),
    path("giao-ban/", include("lantoa.briefings.urls")),
    path("vu-viec/", include("lantoa.cases.urls")),
    path("lay-y-kien/", include("lantoa.consultation.urls")),
    path("chien-dich/", include("lantoa.campaigns.urls")),
    path("ke-hoach/", include("lantoa.plans.urls")),
    path("cong-khai-thong-tin/", include("lantoa.disclosure.urls")),
    path("dat-hang/", include("lantoa.orders.urls")),
    path("bao-cao/", include("lantoa.reports.urls")),
    path("du-lieu-ca-nhan/", include("lantoa.core.privacy_urls")),
    # Public pages (no account): published answers to the press, the spokesperson directory, journalists' questions.
    path("cong-khai/tra-loi-bao-chi/", include("lantoa.press.public_urls")),
    path("cong-khai/giao-ban/", include("lantoa.briefings.public_urls")),
    path("cong-khai/nguoi-phat-ngon/", RedirectView.as_view(pattern_name="briefings_public:spokespersons")),
    path("gop-y/", include("lantoa.consultation.public_urls")),
    path("cong-khai/tin/", include("lantoa.campaigns.public_urls")),
    path("cong-khai/diem-tin/", include("lantoa.digests.public_urls")),
    path("cong-khai/thong-tin/", include("lantoa.disclosure.public_urls")),
    path("tai-khoan/", include("lantoa.accounts.urls")),
    path("api/", api.urls),
    path("quan-tri/", admin.site.urls),
]
