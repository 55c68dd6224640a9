from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core import health
from apps.core.registry import MY_DAY_PANELS


@login_not_required
@require_GET
def healthz(request):
    """The process is up. Touches nothing else, so it stays cheap for load balancers."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def readyz(request):
    """Database and broker reachable: 200, otherwise 503 naming what is down."""
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {k: "ok" if v else "down" for k, v in checks.items()},
    }
    if checks["database"]:
        # When each periodic job last completed (informational: a late scan does not make us unready).
        last_runs = _last_runs()
        body["last_reminder_scan_at"] = last_runs.get("reminders.scan")
        body["last_runs"] = last_runs
    return JsonResponse(body, status=200 if ready else 503)


def _last_runs() -> dict:
    from django.db import DatabaseError

    from apps.core.models import SchedulerHeartbeat

    try:
        return {name: at.isoformat() for name, at in SchedulerHeartbeat.objects.values_list("name", "last_run_at")}
    except DatabaseError:
        return {}


def my_day(request):
    """The signed-in user's start page: panels registered by each app, in order."""
    panels = [{"template": panel.template, **panel.context(request.user)} for panel in MY_DAY_PANELS]
    return render(request, "core/my_day.html", {"panels": panels})
