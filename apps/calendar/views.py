"""The calendar feed (no session: the secret in the address is the key) and the page where a
worker makes, replaces or turns off its address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.calendar import services
from apps.calendar.selectors import feed_calendar, feed_of, feed_owner
from apps.core import ical


@login_not_required
@require_GET
def feed(request, secret: str):
    """``/calendar/<secret>.ics``: the owner's planned sessions and due dates. An unknown,
    replaced or turned-off secret is a 404, like any address that does not exist."""
    owner = feed_owner(secret)
    if owner is None:
        raise Http404("No such calendar.")
    response = HttpResponse(ical.to_bytes(feed_calendar(owner)), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def feed_settings(request):
    """Make (or replace) the address, shown once on the answer to the POST; or turn it off."""
    user = request.user
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.feed_revoke(actor=user):
                messages.success(request, "Your calendar link is turned off. Calendars using it stop updating.")
            return redirect("calendar:feed")
        secret = services.feed_issue(actor=user)
        new_url = request.build_absolute_uri(reverse("calendar:feed-ics", args=[secret]))
    response = render(request, "calendar/feed.html", {"feed": feed_of(user), "new_url": new_url})
    response["Referrer-Policy"] = "no-referrer"
    return response
