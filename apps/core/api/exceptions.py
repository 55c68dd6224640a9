"""One exception handler: domain and Django errors become DRF-style bodies naming the field."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

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
    return drf_exception_handler(exc, context)
