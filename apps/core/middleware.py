import re
import uuid

from django.conf import settings
from django.db import Error as DjangoDatabaseError
from django.db import IntegrityError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from apps.core import views
from apps.core.dates import prose_zone_var
from apps.core.errors import database_failure_response
from apps.core.integrity import rule_for
from apps.core.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# An id a client or proxy sends is kept if it is safe to log as is.
_GIVEN_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestIDMiddleware:
    """Every request gets an id (the caller's ``X-Request-ID`` when it is a plain token, a new
    one otherwise): on ``request.request_id``, in every log line about it, and in the response's
    ``X-Request-ID``, so a user's report and a log line can be matched. First in the chain."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _GIVEN_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class HealthCheckMiddleware:
    """The probes — ``/healthz`` (the process is up), ``/readyz`` (ready: the database) and
    ``/metrics`` — answered here, before sessions, authentication and the host check, so that
    they never touch a session (nor, for ``/healthz``, the database), whatever cookies the caller
    sends. Each looks at exactly what it reports on."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics}

    def __call__(self, request):
        probe = self.probes.get(request.path)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class DatabaseFailureMiddleware:
    """A database that is down, slow or locked gives a clean answer instead of a crash.

    Right after ``AuthenticationMiddleware``: the session and the user are loaded here, once, so
    that a database outage becomes the app's own 503 (page, or JSON for the API, with
    ``Retry-After``) before any later middleware or view needs them; an exception from a view
    that is a lock timeout (409) or statement timeout (503) is answered the same way. Anything
    else goes on to the 500 handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            try:
                user.is_authenticated  # noqa: B018 - evaluates the lazy user: session + user rows
            except DjangoDatabaseError as exc:  # InterfaceError too: a connection already closed
                response = database_failure_response(request, exc)
                if response is None:
                    raise
                return response
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_failure_response(request, exception)


class ProseZoneMiddleware:
    """Dates and times in prose (``prose_date``, ``prose_datetime``) are written in the signed-in
    user's organisation's time zone. Only prose: the current time zone, and so every API answer
    and form, stays as it is. The user is looked up only if a page writes a time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def zone() -> str | None:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return None
            organisation = getattr(user, "organisation", None)
            return getattr(organisation, "time_zone", None) or None

        token = prose_zone_var.set(zone)
        try:
            return self.get_response(request)
        finally:
            prose_zone_var.reset(token)


class NoStoreMiddleware:
    """Nothing a signed-in user sees may be kept by a browser or proxy cache.

    Pages and API answers carry reflections, boundary notes and check-ins, so every
    response to an authenticated request (and every API response) is ``no-store``.
    Static files are served by WhiteNoise before this runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") or _signed_in(request):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def _signed_in(request) -> bool:
    """Whether the request is authenticated, without a database query of its own: a user not
    looked up yet (a public probe such as ``/readyz``) counts as signed in if a session cookie
    came with it."""
    user = getattr(request, "user", None)
    if user is None:
        return False
    if isinstance(user, SimpleLazyObject) and getattr(user, "_wrapped", None) is empty:
        return settings.SESSION_COOKIE_NAME in request.COOKIES
    return user.is_authenticated


class UniqueViolationMiddleware:
    """A page whose service lost a race on a unique rule says so (400), never a 500.

    Forms that go through ``run_service`` show the message beside the field; this catches the
    rest. The API has the same rule in its exception handler. Unknown integrity errors are
    bugs and stay 500s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError) or request.path.startswith("/api/"):
            return None
        rule = rule_for(exception)
        if rule is None:
            return None
        return render(request, "core/unique_violation.html", {"message": rule[1]}, status=400)
