"""Pages anyone may open without an account."""

from django.urls import URLPattern

app_name = "press_public"
urlpatterns: list[URLPattern] = []
