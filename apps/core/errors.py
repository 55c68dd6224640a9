"""Generic error pages: JSON for the API, plain pages otherwise; never a trace or a version.

The 500 and database-failure answers need nothing that can have failed: they are rendered
without the request's context processors (which would look the user up in the database) and
log one line through ``apps.core`` (tracebacks rate-limited by ``apps.core.logging``).
"""

import logging
import sys

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import Error as DjangoDatabaseError
from django.db import InterfaceError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views import defaults

logger = logging.getLogger("apps.core.errors")


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


# What each kind of database failure answers: status, message (for people and API clients),
# seconds in Retry-After, page template.
DATABASE_FAILURES = {
    "busy": (
        409,
        "Someone else is changing this right now. Nothing was saved: try again in a moment.",
        2,
        "409.html",
    ),
    "slow": (
        503,
        "This took too long and was stopped. Nothing was saved: try again in a moment.",
        5,
        "503.html",
    ),
    "unavailable": (
        503,
        "pspteam cannot reach its database right now. Nothing was saved: try again in a minute.",
        15,
        "503.html",
    ),
}


def database_failure(exc: BaseException | None) -> str | None:
    """``busy`` (a lock not granted within ``DB_LOCK_TIMEOUT``, a deadlock or serialisation
    failure: someone else's write), ``slow`` (``DB_STATEMENT_TIMEOUT``), ``unavailable`` (the
    database cannot be reached or dropped the connection), or ``None`` for anything else (a bug:
    a 500)."""
    import psycopg
    from psycopg import errors

    if not isinstance(exc, DjangoDatabaseError | psycopg.Error):
        return None
    cause = exc.__cause__ if isinstance(exc.__cause__, psycopg.Error) else exc
    if isinstance(cause, errors.LockNotAvailable | errors.DeadlockDetected | errors.SerializationFailure):
        return "busy"
    if isinstance(cause, errors.QueryCanceled):
        return "slow"
    if isinstance(cause, psycopg.OperationalError | psycopg.InterfaceError) or isinstance(exc, InterfaceError):
        return "unavailable"
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def database_failure_log(request, exc: BaseException, kind: str, status: int) -> None:
    """One line per failed request (with its request id, added by the log filter); a lock
    timeout is a warning without traceback, an outage an error whose traceback is rate-limited."""
    level = logging.WARNING if kind == "busy" else logging.ERROR
    logger.log(
        level,
        "database %s: %s %s -> %s (%s)",
        kind,
        request.method,
        request.path,
        status,
        _describe(exc),
        exc_info=exc if kind != "busy" else None,
        extra={"request": request, "status_code": status},
    )


def database_failure_response(request, exc: BaseException) -> HttpResponse | None:
    """The clean answer to a database failure: JSON for the API, the app's own page otherwise,
    with ``Retry-After``; ``None`` if ``exc`` is not one. Touches nothing that can have failed."""
    kind = database_failure(exc)
    if kind is None:
        return None
    status, message, retry_after, template = DATABASE_FAILURES[kind]
    database_failure_log(request, exc, kind, status)
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"detail": message, "code": f"database_{kind}"}, status=status)
    else:
        response = HttpResponse(get_template(template).render({"message": message}), status=status)
    response["Retry-After"] = str(retry_after)
    # Django's request logger would add a second line.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def bad_request(request, exception=None):
    """Django's own refusals (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields, a
    bad host): JSON for the API, with 413 for a body that is too large."""
    too_big = isinstance(exception, RequestDataTooBig)
    if _wants_json(request):
        if too_big:
            return JsonResponse({"detail": "The request body is too large."}, status=413)
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    # ``require()``'s message is written for the person refused ("Only an org admin can add people.").
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request):
    """Django calls this while handling the exception: a database failure gets its clean 409/503;
    anything else a 500. Rendered without context processors, so nothing is looked up again."""
    response = database_failure_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    if _wants_json(request):
        return JsonResponse({"detail": "Something went wrong on our side. It has been logged."}, status=500)
    return HttpResponse(get_template("500.html").render(), status=500)
