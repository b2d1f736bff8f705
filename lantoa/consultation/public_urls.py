"""The public consultation site: anyone reads; citizens comment without an account."""

from django.urls import URLPattern

app_name = "consultation_public"
urlpatterns: list[URLPattern] = []
