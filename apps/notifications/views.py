from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.notifications.selectors import get_notification_for, notifications_of, with_people
from apps.notifications.services import notification_mark_all_read, notification_mark_read


@require_GET
def notification_list(request):
    """The signed-in user's own notifications, newest first; ``?show=unread`` for unread only."""
    unread_only = request.GET.get("show") == "unread"
    notifications = with_people(notifications_of(request.user)).order_by("-created_at")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "unread_only": unread_only})


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


@require_POST
def notification_read_all(request):
    marked = notification_mark_all_read(actor=request.user)
    if marked:
        messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} as read.")
    return redirect("notifications:notification-list")
