from django.urls import path

from lantoa.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.register_list, name="register"),
    path("them/", views.entry_create, name="entry_create"),
    path("<int:pk>/sua/", views.entry_edit, name="entry_edit"),
    path("tinh-hinh/", views.matrix, name="matrix"),
    path("yeu-cau/", views.request_list, name="request_list"),
    path("yeu-cau/tao/", views.request_create, name="request_create"),
    path("yeu-cau/<int:pk>/", views.request_detail, name="request_detail"),
    path("yeu-cau/<int:pk>/thao-tac/", views.request_action, name="request_action"),
    path("yeu-cau/<int:pk>/tep/<int:attachment_pk>/", views.request_file, name="request_file"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("thong-ke/xlsx/", views.statistics_xlsx, name="statistics_xlsx"),
]
