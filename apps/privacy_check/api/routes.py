"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.privacy_check.api.views import PrivacyCheckView


def register(router) -> None:
    pass


urlpatterns = [path("privacy-check/", PrivacyCheckView.as_view(), name="privacy-check")]
