"""Public feeds of published content (the provincial portal and agency sites pull them)."""

from django.urls import URLPattern

app_name = "campaigns_public"
urlpatterns: list[URLPattern] = []
