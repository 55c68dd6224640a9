"""This app's part of the API router (see pspteam/api.py)."""

from apps.audit.api.views import AuditEventViewSet


def register(router) -> None:
    router.register("audit-events", AuditEventViewSet, basename="audit-event")


urlpatterns = []
