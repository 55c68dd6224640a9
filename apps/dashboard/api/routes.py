"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.dashboard.api.views import OrganisationDashboardView, TeamDashboardView, TeamDriftIndicatorsView


def register(router) -> None:
    """No viewsets: the dashboard is two read-only views."""


urlpatterns = [
    path("teams/<uuid:team_id>/dashboard/", TeamDashboardView.as_view(), name="team-dashboard"),
    path("teams/<uuid:team_id>/drift-indicators/", TeamDriftIndicatorsView.as_view(), name="team-drift-indicators"),
    path("dashboard/organisation/", OrganisationDashboardView.as_view(), name="organisation-dashboard"),
]
