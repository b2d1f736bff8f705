"""Published digests on the public site (no account)."""

from django.urls import path

from lantoa.digests import views

app_name = "digests_public"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
