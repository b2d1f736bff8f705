from django.urls import path

from lantoa.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("tao/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/noi-dung/", views.report_texts, name="texts"),
    path("<int:pk>/cap-nhat-so-lieu/", views.report_refresh, name="refresh"),
    path("<int:pk>/phat-hanh/", views.report_issue, name="issue"),
    path("<int:pk>/tai/", views.report_download, name="download"),
]
