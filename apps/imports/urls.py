from django.urls import path

from apps.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("<uuid:run_id>/", views.run_detail, name="run-detail"),
    path("<uuid:run_id>/columns/", views.run_columns, name="run-columns"),
    path("<uuid:run_id>/progress/", views.run_progress, name="run-progress"),
    path("<uuid:run_id>/apply/", views.run_apply, name="run-apply"),
]
