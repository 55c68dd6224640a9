from django.urls import path

from apps.wellness_plans import views

app_name = "wellness_plans"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("edit/", views.edit, name="edit"),
    path("sharing/", views.sharing, name="sharing"),
    path("reviewed/", views.reviewed, name="reviewed"),
    path("history/", views.history, name="history"),
    path("history/<int:number>/", views.version, name="version"),
    path("shared/", views.shared, name="shared"),
    path("<uuid:plan_id>/", views.read, name="read"),
]
