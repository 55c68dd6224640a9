"""One exception handler: domain and Django errors become DRF-style bodies naming the field, and
every error body has one shape (docs/api.md, "Errors"): ``detail``, always a string, plus, for
invalid input, each field at fault with its messages. A 429 always says when to retry.
"""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.dates import org_day_start, org_today
from apps.core.errors import DATABASE_FAILURES, database_failure, database_failure_log


class DatabaseFailure(exceptions.APIException):
    """A database failure as a clean answer: 409 when someone else holds the row (lock timeout),
    503 when the database is slow or unreachable, with ``Retry-After`` (``wait``)."""

    def __init__(self, *, status: int, message: str, code: str, wait: int):
        super().__init__(message, code)
        self.status_code = status
        self.wait = wait


class DomainError(Exception):
    """A rule of the domain was broken; becomes a 400 naming ``field`` (or ``detail``)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def exception_handler(exc, context):
    kind = database_failure(exc)
    if kind is not None:
        status, message, wait, _ = DATABASE_FAILURES[kind]
        request = context.get("request")
        if request is not None:
            database_failure_log(request, exc, kind, status)
        response = drf_exception_handler(
            DatabaseFailure(status=status, message=message, code=f"database_{kind}", wait=wait), context
        )
        response._has_been_logged = True  # logged above, with the cause: Django need not add a line
        return response
    if isinstance(exc, IntegrityError):
        # A request that lost a race on a unique rule: 400 naming the field (apps/core/integrity.py).
        from apps.core.integrity import unique_violation

        exc = unique_violation(exc) or exc
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DomainError):
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        exc = exceptions.ValidationError(body)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(_seconds_to_tomorrow(context.get("request")))
    return response


def _text(messages: Any) -> str:
    """A list of messages (possibly nested) as one sentence-separated string."""
    if isinstance(messages, list):
        return " ".join(_text(message) for message in messages)
    if isinstance(messages, dict):
        return " ".join(_text(message) for message in messages.values())
    return str(messages)


def error_body(data: Any) -> dict[str, Any]:
    """``{"detail": "<string>", <field>: [<messages>], ...}``: DRF writes a bare list for a
    serializer-level error and ``{"detail": [..]}`` for a ``ValidationError({"detail": ..})``;
    field errors alone have no ``detail``. A client reads ``detail`` first, always a string."""
    if not isinstance(data, dict):
        return {"detail": _text(data)}
    body = dict(data)
    if "detail" in body:
        body["detail"] = _text(body["detail"])
    elif "non_field_errors" in body:
        body = {"detail": _text(body["non_field_errors"]), **body}
    else:
        body = {"detail": f"Invalid input: {', '.join(body)}.", **body}
    return body


def _seconds_to_tomorrow(request: Any) -> int:
    """For a 429 with no rate behind it (an action allowed once a day, e.g. asking for
    supervision): the wait until the next day starts in the user's organisation."""
    organisation = getattr(getattr(request, "user", None), "organisation", None)
    if organisation is None:
        return 60
    tomorrow = org_day_start(organisation, org_today(organisation) + timedelta(days=1))
    return max(1, int((tomorrow - timezone.now()).total_seconds()))
