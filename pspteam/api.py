"""The one router of the REST API (``/api/v1/``).

Apps with larger APIs contribute through ``apps/<app>/api/routes.py`` (a ``register(router)``
function and extra ``urlpatterns``), so that this file does not grow with every feature.
"""

import importlib

from django.urls import path
from rest_framework.routers import DefaultRouter

from apps.accounts.api.views import LogoutView, MeView, TokenObtainView
from apps.notifications.api.views import NotificationViewSet
from apps.teams.api.views import MembershipViewSet, TeamViewSet
from apps.workers.api.views import WorkerViewSet

APP_ROUTES = [
    "apps.roles.api.routes",
    "apps.reflections.api.routes",
    "apps.boundaries.api.routes",
    "apps.supervision.api.routes",
    "apps.wellbeing.api.routes",
    "apps.wellness_plans.api.routes",
    "apps.fidelity.api.routes",
    "apps.community.api.routes",
    "apps.drift.api.routes",
    "apps.competencies.api.routes",
    "apps.voice.api.routes",
    "apps.reminders.api.routes",
    "apps.audit.api.routes",
    "apps.dashboard.api.routes",
    "apps.privacy_check.api.routes",
    "apps.credentials.api.routes",
    "apps.raters.api.routes",
    "apps.portfolio.api.routes",
    "apps.portfolio_documents.api.routes",
]

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("workers", WorkerViewSet, basename="worker")
router.register("teams", TeamViewSet, basename="team")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("notifications", NotificationViewSet, basename="notification")

extra_urlpatterns = []
for module_name in APP_ROUTES:
    module = importlib.import_module(module_name)
    module.register(router)
    extra_urlpatterns += module.urlpatterns

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("me/", MeView.as_view(), name="me"),
    # App-specific paths first: e.g. "workers/me/export/" must win over "workers/{id}/".
    *extra_urlpatterns,
    *router.urls,
]
