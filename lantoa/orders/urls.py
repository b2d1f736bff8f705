from django.urls import path

from lantoa.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("tao/", views.order_create, name="create"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/sua/", views.order_edit, name="edit"),
    path("<int:pk>/thao-tac/", views.order_action, name="action"),
    path("kinh-phi/", views.budget_summary, name="budget"),
    path("kinh-phi/tai/xlsx/", views.budget_export, name="budget_export"),
    path("kinh-phi/them/", views.line_create, name="line_create"),
    path("kinh-phi/<int:pk>/", views.line_detail, name="line"),
    path("kinh-phi/<int:pk>/sua/", views.line_edit, name="line_edit"),
    path("kinh-phi/<int:pk>/chi/", views.expense_create, name="expense_create"),
]
