from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from apps.core import health
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
    """Prometheus text format: what monitoring needs to alert on a dead worker, a lost database
    or broker, or a scan that stopped. Nothing about people or their records. With
    ``METRICS_TOKEN`` set, only for ``Authorization: Bearer <token>`` (else 401)."""
    import hmac

    from django.conf import settings

    if settings.METRICS_TOKEN:
        given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode()):
            response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    database = health.database_ok()
    runs = health.last_runs() if database else {}
    age = health.worker_heartbeat_age(runs)
    lines = [
        "# HELP pspteam_database_up Whether the database answers (1) or not (0).",
        "# TYPE pspteam_database_up gauge",
        f"pspteam_database_up {int(database)}",
        "# HELP pspteam_broker_up Whether the Celery broker answers (1) or not (0).",
        "# TYPE pspteam_broker_up gauge",
        f"pspteam_broker_up {int(health.broker_ok())}",
        "# HELP pspteam_worker_heartbeat_age_seconds Seconds since a Celery worker last ran the heartbeat task.",
        "# TYPE pspteam_worker_heartbeat_age_seconds gauge",
    ]
    if age is not None:
        lines.append(f"pspteam_worker_heartbeat_age_seconds {age:.1f}")
    lines += [
        "# HELP pspteam_job_last_success_age_seconds Seconds since each periodic job last completed.",
        "# TYPE pspteam_job_last_success_age_seconds gauge",
    ]
    now = timezone.now()
    for name, at in sorted(runs.items()):
        lines.append(f'pspteam_job_last_success_age_seconds{{job="{name}"}} {max((now - at).total_seconds(), 0):.1f}')
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")
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
