"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.fidelity.api.views import FidelityCheckViewSet, OrganisationSummaryView, SettingsView, TeamSummaryView


def register(router) -> None:
    router.register("fidelity/checks", FidelityCheckViewSet, basename="fidelity-check")


urlpatterns = [
    path("fidelity/teams/<uuid:team_id>/summary/", TeamSummaryView.as_view(), name="fidelity-team-summary"),
    path("fidelity/organisation/summary/", OrganisationSummaryView.as_view(), name="fidelity-organisation-summary"),
    path("fidelity/settings/", SettingsView.as_view(), name="fidelity-settings"),
]
