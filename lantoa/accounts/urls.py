from django.urls import path

from lantoa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("token/", views.token_create, name="token_create"),
    path("token/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
