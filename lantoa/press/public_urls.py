"""Pages anyone may open without an account: answers to the press that the press office published."""

from django.urls import path

from lantoa.press import views

app_name = "press_public"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
