from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from apps.core import health
from apps.core import metrics as app_metrics
from apps.core.registry import MY_DAY_PANELS
from apps.core.setup import setup_checklist


@login_not_required
@require_GET
def healthz(request):
    """The process is up. Touches nothing else, so it stays cheap for load balancers (answered
    by ``HealthCheckMiddleware`` before sessions and authentication)."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


@login_not_required
@require_GET
def readyz(request):
    """Ready to serve: the database answers (200), else 503. The broker and worker liveness are
    reported in ``checks`` but never make it 503 (see ``apps.core.health``)."""
    database = health.database_ok()
    runs = health.last_runs() if database else {}
    age = health.worker_heartbeat_age(runs)
    body = {
        "status": "ready" if database else "unavailable",
        "required": ["database"],
        "checks": {
            "database": "ok" if database else "down",
            "broker": "ok" if health.broker_ok() else "down",
            "worker": health.worker_status(age) if database else "unknown",
        },
        "worker_heartbeat_age_seconds": None if age is None else round(age, 1),
    }
    if database:
        # When each periodic job last completed (informational: a late scan does not make us unready).
        at = runs.get("reminders.scan")
        body["last_reminder_scan_at"] = at.isoformat() if at else None
        body["last_runs"] = {name: at.isoformat() for name, at in runs.items()}
    response = JsonResponse(body, status=200 if database else 503)
    add_never_cache_headers(response)
    if not database:
        response["Retry-After"] = "15"
    return response


@login_not_required
@require_GET
def metrics(request):
    """Prometheus text format (``apps.core.metrics``): request latency by view, Celery tasks,
    the reminder scan, e-mail failures, and what an alert on a dead worker, a lost database or
    broker, or a scan that stopped needs. Nothing about people or their records. Who may read
    it: ``METRICS_ALLOWED_NETWORKS`` and ``METRICS_TOKEN`` (403 / 401 otherwise)."""
    allowed, status = app_metrics.scrape_allowed(request)
    if not allowed:
        response = HttpResponse(
            "Unauthorized\n" if status == 401 else "Forbidden\n", status=status, content_type="text/plain"
        )
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        add_never_cache_headers(response)
        return response
    response = HttpResponse(app_metrics.exposition(), content_type=app_metrics.CONTENT_TYPE)
    add_never_cache_headers(response)
    return response


def my_day(request):
    """The signed-in user's start page: an org admin's set-up checklist while steps are left,
    then the panels registered by each app, in order."""
    panels = [{"template": panel.template, **panel.context(request.user)} for panel in MY_DAY_PANELS]
    checklist = setup_checklist(request.user)
    context = {"panels": panels, "checklist": checklist}
    if checklist:
        context["steps_done"] = sum(state.done for state in checklist)
    return render(request, "core/my_day.html", context)
