from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.http import AuthenticatedRequest
from apps.core.capabilities import caps, require
from apps.notifications.queue import publish
from apps.reminders import selectors
from apps.reminders.tasks import scan


@require_GET
def reminders_admin(request: AuthenticatedRequest) -> HttpResponse:
    """Org admins: the reminder schedule, the last successful scan, and whether delivery keeps up."""
    organisation = request.user.organisation
    if organisation is None or not caps(request.user).is_org_admin:
        raise PermissionDenied("Only an organisation admin can see the reminder schedule.")
    heartbeat = selectors.last_scan()
    context = {
        "schedule": selectors.schedule(),
        "heartbeat": heartbeat,
        "stale": selectors.scan_is_stale(heartbeat),
        "backlog": selectors.delivery_backlog(organisation),
        "zone": organisation.time_zone,
    }
    return render(request, "reminders/admin.html", context)


@require_POST
def reminders_scan_now(request: AuthenticatedRequest) -> HttpResponse:
    """Queue a scan now (it is safe at any time); never waits on the broker."""
    require(caps(request.user).is_org_admin, "Only an organisation admin can start a reminder scan.")
    if publish(scan):
        messages.success(request, "A reminder scan has been queued; it runs within moments.")
    else:
        messages.warning(request, "The task queue cannot be reached right now; the next scheduled scan will run.")
    return redirect("reminders:admin")
