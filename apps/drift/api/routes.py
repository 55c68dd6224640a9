"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.drift.api.views import MySnapshotsView


def register(router) -> None:
    """No viewsets: one list of the caller's own snapshots."""


urlpatterns = [
    path("drift/my-snapshots/", MySnapshotsView.as_view(), name="drift-my-snapshots"),
]
