from django.urls import URLPattern

app_name = "consultation"
urlpatterns: list[URLPattern] = []
