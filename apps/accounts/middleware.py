import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.accounts import two_factor

STARTED_KEY = "_psp_started"
SEEN_KEY = "_psp_seen"
# Refresh "last seen" at most this often, so most requests do not write the session.
SEEN_GRANULARITY = 60


class SessionTimeoutMiddleware:
    """Browser sessions end after ``SESSION_IDLE_TIMEOUT`` seconds of inactivity (30 min)
    and ``SESSION_ABSOLUTE_TIMEOUT`` after sign-in (12 h), whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
            if started is None or seen is None:
                session[STARTED_KEY] = session[SEEN_KEY] = now
            elif now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, "You were signed out after a period of inactivity. Please sign in again.")
            elif now - seen >= SEEN_GRANULARITY:
                session[SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Holds a signed-in browser session at the second step until it is done, and refuses
    every request of a session signed in without a second factor while the user's role
    requires one (``TWO_FACTOR_REQUIRED``), however recently that role began: pages go to the
    set-up page (or the verify page, for someone who has a device), the API gets a 403.
    API tokens are checked by their authentication class (``apps.accounts.api.authentication``)."""

    EXEMPT_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.EXEMPT_PREFIXES):
            return self.get_response(request)
        state = request.session.get(two_factor.SESSION_KEY, two_factor.NONE)
        if state == two_factor.PENDING:
            return self._stop(request, "accounts:two-factor-verify", "Enter the code from your authenticator app.")
        if state == two_factor.NONE and settings.TWO_FACTOR_REQUIRED and two_factor.two_factor_required(user):
            if two_factor.has_confirmed_device(user):  # set up since this session began
                return self._stop(request, "accounts:two-factor-verify", two_factor.STEP_UP_SESSION_MESSAGE)
            return self._stop(request, "accounts:two-factor-setup", two_factor.STEP_UP_SESSION_MESSAGE)
        return self.get_response(request)

    def _stop(self, request, url_name, message):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


OPERATOR_API_MESSAGE = (
    "This is a platform operator account: it belongs to no organisation, and the API serves the "
    "people of an organisation only. Use the Django admin or the management commands to operate "
    "the platform, or a worker account of an organisation to use pspteam."
)


class OperatorMiddleware:
    """Platform operators (``createsuperuser`` accounts, which belong to no organisation) get a
    page saying what this account is and what it can do, on every page of the product, and a
    clear 403 from the API; never a page that assumes an organisation (a 500)."""

    EXEMPT_PREFIXES = ("/accounts/", "/django-admin/", "/static/", "/healthz", "/readyz", "/api/schema/", "/api/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.organisation_id is not None
            or request.path.startswith(self.EXEMPT_PREFIXES)
        ):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": OPERATOR_API_MESSAGE}, status=403)
        context = {"admin_enabled": settings.ADMIN_ENABLED}
        return render(request, "registration/operator.html", context, status=403)
