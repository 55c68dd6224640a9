import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
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
    """Holds a signed-in browser session at the second step until it is done, and sends
    users who must use two factors (``TWO_FACTOR_REQUIRED``) to set it up first."""

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
            return self._stop(request, "accounts:two-factor-setup", "Your role needs two-factor sign-in. Set it up.")
        return self.get_response(request)

    def _stop(self, request, url_name, message):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect(f"{reverse(url_name)}?next={request.get_full_path()}")
