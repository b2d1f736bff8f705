from django.urls import path

from lantoa.plans import training_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>/theo-doi/", views.matrix_page, name="matrix"),
    path("<int:year>/theo-doi/nhac/", views.remind, name="remind"),
    path("cua-don-vi/", views.mine, name="mine"),
    path("ky-bao-cao/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("tap-huan/", training_views.training_list, name="training_list"),
    path("tap-huan/<int:pk>/", training_views.training_detail, name="training_detail"),
    path("tap-huan/<int:pk>/sua/", training_views.training_edit, name="training_edit"),
    path("tap-huan/tai-lieu/<int:pk>/", training_views.material_download, name="training_material"),
]
