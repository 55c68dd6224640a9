"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.credentials.api.views import HoursView, PracticeEntryViewSet, ProfilesView


def register(router) -> None:
    router.register("credentials/practice-log", PracticeEntryViewSet, basename="practice-entry")


urlpatterns = [
    path("credentials/hours/", HoursView.as_view(), name="credential-hours"),
    path("credentials/profiles/", ProfilesView.as_view(), name="credential-profiles"),
]
