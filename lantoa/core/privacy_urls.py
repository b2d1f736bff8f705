"""Citizens' personal data: look up, export, erase (included by the root URLs at ``du-lieu-ca-nhan/``)."""

from django.urls import path

from lantoa.core import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_lookup, name="lookup"),
    path("xuat/", views.privacy_export, name="export"),
    path("xoa/", views.privacy_erase, name="erase"),
]
