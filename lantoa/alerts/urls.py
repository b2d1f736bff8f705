from django.urls import path

from lantoa.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("them/", views.rule_edit, name="rule_create"),
    path("thu/", views.rule_preview, name="rule_preview"),
    path("<int:pk>/", views.rule_edit, name="rule_edit"),
    path("<int:pk>/xoa/", views.rule_delete, name="rule_delete"),
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/da-doc/", views.notification_read, name="notification_read_all"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification_read"),
]
