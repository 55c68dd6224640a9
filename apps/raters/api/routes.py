"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.raters.api.views import InvitationViewSet, RaterFeedbackView


def register(router) -> None:
    router.register("raters/invitations", InvitationViewSet, basename="rater-invitation")


urlpatterns = [
    path("raters/feedback/<str:token>/", RaterFeedbackView.as_view(), name="rater-feedback"),
]
