from django.urls import path

from lantoa.press import views

app_name = "press"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("tao/", views.request_create, name="create"),
    path("tu-tin/<int:story_pk>/", views.request_from_story, name="create_from_story"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/thao-tac/", views.request_action, name="action"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/tai/<str:fmt>/", views.report_export, name="report_export"),
]
