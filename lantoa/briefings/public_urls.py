"""Pages anyone may open without an account."""

from django.urls import URLPattern

app_name = "briefings_public"
urlpatterns: list[URLPattern] = []
