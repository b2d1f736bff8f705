from django.urls import path

from lantoa.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("mo/<int:item_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/thao-tac/", views.case_action, name="action"),
    path("<int:pk>/tep/", views.case_attach, name="attach"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/chuyen-cong-an.docx", views.referral_download, name="referral"),
]
