from django.urls import path

from lantoa.digests import views

app_name = "digests"
urlpatterns = [
    path("", views.digest_list, name="list"),
    path("tao/", views.digest_create, name="create"),
    path("<int:pk>/", views.digest_detail, name="detail"),
    path("<int:pk>/sua/", views.digest_edit, name="edit"),
    path("<int:pk>/tai/<str:fmt>/", views.digest_download, name="download"),
    path("nguoi-nhan/", views.subscription_list, name="subscriptions"),
    path("nguoi-nhan/<int:pk>/xoa/", views.subscription_delete, name="subscription_delete"),
]
