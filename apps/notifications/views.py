from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.notifications.selectors import get_notification_for, notifications_of
from apps.notifications.services import notification_mark_read


def notification_list(request):
    page = Paginator(notifications_of(request.user).order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def notification_open(request, notification_id):
    """Mark read and follow the link (only to our own site)."""
    notification = notification_mark_read(
        actor=request.user, notification=get_notification_for(request.user, notification_id)
    )
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:notification-list")
