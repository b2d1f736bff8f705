"""Pages anyone may open without an account: the spokesperson directory, upcoming press briefings and the form
through which journalists send their questions."""

from django.urls import path

from lantoa.org import registry_views

app_name = "briefings_public"
urlpatterns = [
    path("nguoi-phat-ngon/", registry_views.public_directory, name="spokespersons"),
]
