"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.roles.api.views import AssignmentViewSet, RoleDefinitionViewSet, RoleOverlapView


def register(router) -> None:
    router.register("role-definitions", RoleDefinitionViewSet, basename="role-definition")
    router.register("assignments", AssignmentViewSet, basename="assignment")


urlpatterns = [
    path("teams/<uuid:team_id>/role-overlaps/", RoleOverlapView.as_view(), name="team-role-overlaps"),
]
