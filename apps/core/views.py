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
    return JsonResponse(body, status=200 if ready else 503)


def my_day(request):
    """The signed-in user's start page: panels registered by each app, in order."""
    panels = [{"template": panel.template, **panel.context(request.user)} for panel in MY_DAY_PANELS]
    return render(request, "core/my_day.html", {"panels": panels})
