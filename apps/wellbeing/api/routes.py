"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.wellbeing.api.views import CheckInViewSet, ReturnView, StepAwayView, SupportContactViewSet


def register(router) -> None:
    router.register("wellbeing/check-ins", CheckInViewSet, basename="check-in")
    router.register("wellbeing/support-contacts", SupportContactViewSet, basename="support-contact")


urlpatterns = [
    path("workers/me/step-away/", StepAwayView.as_view(), name="worker-step-away"),
    path("workers/me/return/", ReturnView.as_view(), name="worker-return"),
]
