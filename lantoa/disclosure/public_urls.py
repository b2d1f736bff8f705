"""Public disclosure catalogues, the combined feed, and citizens' information requests (no account)."""

from django.urls import URLPattern

app_name = "disclosure_public"
urlpatterns: list[URLPattern] = []
