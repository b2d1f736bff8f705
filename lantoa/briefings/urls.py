from django.urls import path

from lantoa.briefings import views

app_name = "briefings"
urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("tao/", views.briefing_create, name="create"),
    path("<int:pk>/", views.briefing_detail, name="detail"),
    path("<int:pk>/sua/", views.briefing_edit, name="edit"),
    path("<int:pk>/them/<str:what>/", views.briefing_add, name="add"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("cau-hoi/", views.question_list, name="questions"),
    path("cau-hoi/<int:pk>/giao/", views.question_assign, name="question_assign"),
    path("cau-hoi/<int:pk>/tra-loi/", views.question_answer, name="question_answer"),
    path("hop-bao/", views.conferences, name="conferences"),
    path("tham-du/", views.attendance_matrix, name="attendance"),
    path("phat-ngon-dot-xuat/", views.statement_list, name="statements"),
    path("phat-ngon-dot-xuat/them/", views.statement_edit, name="statement_create"),
    path("phat-ngon-dot-xuat/<int:pk>/sua/", views.statement_edit, name="statement_edit"),
]
