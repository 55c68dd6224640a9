"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.portfolio.api.views import EvidenceLinkViewSet, EvidenceMapView


def register(router) -> None:
    router.register("portfolio/evidence-links", EvidenceLinkViewSet, basename="evidence-link")


urlpatterns = [
    path("portfolio/evidence-map/", EvidenceMapView.as_view(), name="evidence-map"),
]
