"""This app's part of the API router (see pspteam/api.py)."""

from apps.boundaries.api.views import BoundaryNoteViewSet


def register(router) -> None:
    router.register("boundary-notes", BoundaryNoteViewSet, basename="boundary-note")


urlpatterns = []
