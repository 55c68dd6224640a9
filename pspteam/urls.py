from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core import views as core_views
from apps.core.api.views import missing_slash

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("api/v1/", include(("pspteam.api", "api"), namespace="api")),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    # An API path without its trailing slash: never a redirect a client follows as GET (docs/api.md).
    re_path(r"^(?P<path>api/.*[^/])$", missing_slash),
    path("accounts/", include("apps.accounts.urls")),
    path("teams/", include("apps.teams.urls")),
    path("people/", include("apps.workers.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("roles/", include("apps.roles.urls")),
    path("reflections/", include("apps.reflections.urls")),
    path("boundaries/", include("apps.boundaries.urls")),
    path("supervision/", include("apps.supervision.urls")),
    path("wellbeing/", include("apps.wellbeing.urls")),
    path("wellness-plan/", include("apps.wellness_plans.urls")),
    path("fidelity/", include("apps.fidelity.urls")),
    path("community/", include("apps.community.urls")),
    path("drift/", include("apps.drift.urls")),
    path("competencies/", include("apps.competencies.urls")),
    path("voice/", include("apps.voice.urls")),
    path("reminders/", include("apps.reminders.urls")),
    path("audit/", include("apps.audit.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("imports/", include("apps.imports.urls")),
    path("sso/", include("apps.sso.urls")),
    path("calendar/", include("apps.calendar.urls")),
    path("portfolio-documents/", include("apps.portfolio_documents.urls")),
    path("credentials/", include("apps.credentials.urls")),
    path("feedback/", include("apps.raters.urls")),
    path("portfolio/", include("apps.portfolio.urls")),
    path("", include("apps.core.urls")),
]
if settings.ADMIN_ENABLED:
    # Operators only; off in production unless ADMIN_ENABLED (pspteam/admin_site.py).
    urlpatterns.insert(-1, path("django-admin/", admin.site.urls))

handler400 = "apps.core.errors.bad_request"
handler404 = "apps.core.errors.not_found"
handler500 = "apps.core.errors.server_error"
handler403 = "apps.core.errors.forbidden"
