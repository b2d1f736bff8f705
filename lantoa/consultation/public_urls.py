"""The public consultation site: anyone reads; citizens comment without an account."""

from django.urls import path

from lantoa.consultation import public_views as views

app_name = "consultation_public"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/gop-y/", views.comment_form, name="comment"),
    path("<int:pk>/tai-lieu/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/bao-cao.docx", views.report, name="report"),
    path("<int:pk>/theo-doi/", views.subscribe, name="subscribe"),
    path("xac-nhan/<str:token>/", views.verify, name="verify"),
    path("rut-lai/<str:token>/", views.withdraw, name="withdraw"),
    path("theo-doi/<str:token>/xac-nhan/", views.subscription, {"action": "confirm"}, name="confirm"),
    path("theo-doi/<str:token>/huy/", views.subscription, {"action": "unsubscribe"}, name="unsubscribe"),
]
