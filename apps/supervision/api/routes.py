"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.supervision.api.planned import PlannedSessionViewSet
from apps.supervision.api.values import TeamValuesView
from apps.supervision.api.views import AgreementViewSet, SessionViewSet


def register(router) -> None:
    router.register("supervision/agreements", AgreementViewSet, basename="agreement")
    router.register("supervision/sessions", SessionViewSet, basename="supervision-session")
    router.register("supervision/planned", PlannedSessionViewSet, basename="planned-session")


urlpatterns = [
    path("supervision/teams/<uuid:team_id>/values/", TeamValuesView.as_view(), name="supervision-team-values"),
]
