"""Pages anyone may open without an account: the spokesperson directory, upcoming press briefings and the form
through which journalists send their questions."""

from django.urls import path

from lantoa.briefings import public
from lantoa.org import registry_views

app_name = "briefings_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/dat-cau-hoi/", public.ask, name="ask"),
    path("<int:pk>/da-gui/", public.thanks, name="thanks"),
    path("nguoi-phat-ngon/", registry_views.public_directory, name="spokespersons"),
]
