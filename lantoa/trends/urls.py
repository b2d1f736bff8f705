from django.urls import path

from lantoa.trends import views

app_name = "trends"
urlpatterns = [
    path("", views.series_view, name="series"),
    path("dot-bien/", views.spikes_view, name="spikes"),
    path("du-bao/", views.forecast_view, name="forecast"),
]
