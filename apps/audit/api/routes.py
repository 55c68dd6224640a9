"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import BaseRouter

from apps.audit.api.views import AuditEventViewSet


def register(router: BaseRouter) -> None:
    router.register("audit-events", AuditEventViewSet, basename="audit-event")


urlpatterns: list[URLPattern | URLResolver] = []
