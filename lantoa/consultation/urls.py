"""Back office of the drafting agency (login required; scope and permissions in the services)."""

from django.urls import path

from lantoa.consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("tao/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/nhap-du-thao/", views.draft_import, name="import"),
    path("<int:pk>/ban-du-thao/", views.units, name="units"),
    path("<int:pk>/tai-lieu/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/tai-lieu/<int:attachment_pk>/xoa/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/giai-doan/", views.phase, name="phase"),
    path("<int:pk>/tac-dong-lon/", views.large_impact, name="large_impact"),
    path("<int:pk>/kiem-duyet/", views.moderation, name="moderation"),
    path("<int:pk>/nhat-ky-kiem-duyet.xlsx", views.moderation_log, name="moderation_log"),
    path("<int:pk>/y-kien.xlsx", views.comments_export, name="comments_xlsx"),
    path("<int:pk>/tong-hop/", views.synthesis, name="synthesis"),
    path("<int:pk>/bao-cao.docx", views.report, name="report"),
]
