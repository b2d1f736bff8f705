from django.urls import URLPattern

app_name = "press"
urlpatterns: list[URLPattern] = []
