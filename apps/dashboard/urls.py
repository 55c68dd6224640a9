from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.overview_export, name="overview-export"),
    path("teams/<uuid:team_id>/", views.team_dashboard, name="team"),
    path("teams/<uuid:team_id>/print/", views.team_print, name="team-print"),
    path("teams/<uuid:team_id>/export.csv", views.team_export, name="team-export"),
]
