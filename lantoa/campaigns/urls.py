from django.urls import path

from lantoa.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/noi-dung/", views.item_create, name="item_create"),
    path("<int:pk>/ket-qua/nhap/", views.results_import, name="results_import"),
    path("noi-dung/<int:pk>/", views.item_detail, name="item"),
    path("noi-dung/<int:pk>/sua/", views.item_edit, name="item_edit"),
    path("noi-dung/<int:pk>/thao-tac/", views.item_action, name="item_action"),
    path("san-pham/<int:pk>/tai/", views.output_download, name="output_download"),
    path("quy-trinh-duyet/", views.chain_list, name="chains"),
    path("tai-khoan-nen-tang/", views.credential_list, name="credentials"),
]
