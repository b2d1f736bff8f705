from django.urls import path

from lantoa.org import registry_views, views

app_name = "org"
urlpatterns = [
    path("co-quan/", views.organisation_list, name="organisation_list"),
    path("co-quan/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("co-quan/<int:pk>/sua/", views.organisation_edit, name="organisation_edit"),
    path("co-quan/<int:organisation_pk>/them-can-bo/", views.person_create, name="person_create"),
    path("can-bo/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("can-bo/<int:pk>/phat-ngon/", views.person_make_spokesperson, name="person_make_spokesperson"),
    path("xa-phuong/", views.commune_list, name="commune_list"),
    path("dia-danh-cu/", views.former_unit_list, name="former_unit_list"),
    path("bao-chi/", views.outlet_list, name="outlet_list"),
    path("nguoi-phat-ngon/", registry_views.registry_page, name="registry"),
    path("nguoi-phat-ngon/tai/<str:fmt>/", registry_views.registry_export, name="registry_export"),
    path("mang-luoi/", registry_views.network_page, name="network"),
    path("mang-luoi/tai/xlsx/", registry_views.network_export, name="network_export"),
    path("co-quan/<int:pk>/xac-nhan-phat-ngon/", registry_views.registry_confirm, name="registry_confirm"),
]
