from django.urls import path

from lantoa.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/sua-nhan/", views.item_correct, name="item_correct"),
    path("su-kien/<int:pk>/", views.story_detail, name="story_detail"),
    path("nguon/", views.source_list, name="source_list"),
    path("nguon/them/", views.source_edit, name="source_create"),
    path("nguon/<int:pk>/", views.source_detail, name="source_detail"),
    path("nguon/<int:pk>/sua/", views.source_edit, name="source_edit"),
    path("nguon/<int:pk>/lay-tin/", views.source_poll_now, name="source_poll_now"),
]
