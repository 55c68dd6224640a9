"""Who is acting, from where: the audit context of the current request or task.

Services record *what* happened (``audit_record(actor=..., action=..., target=...)``); the
*where from* — client address, request id, and whether a browser, the API, a task or a command
did it — comes from here, so no service ever takes the HTTP request. Set once per request by
:class:`AuditContextMiddleware`, per Celery task by :class:`AuditedTask` (the app's task base
class), and by :func:`audit_context` anywhere else (management commands, tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from celery import Task

from apps.core.client_address import client_ip
from apps.core.logging import task_request_id

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from apps.accounts.models import User


@dataclass(frozen=True)
class AuditContext:
    """Where the current work comes from. ``via`` is ``web``, ``api``, ``task:<name>``,
    ``command`` or ``""`` (unknown: a shell, a test)."""

    ip_address: str | None = None
    request_id: str = ""
    via: str = ""
    # The signed-in user of the request, resolved lazily (DRF authenticates inside the view).
    _actor: Callable[[], User | None] | None = None

    @property
    def actor(self) -> User | None:
        user = self._actor() if self._actor is not None else None
        return user if user is not None and getattr(user, "is_authenticated", False) else None


_EMPTY = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext:
    """The audit context of the work in progress (empty outside a request or task)."""
    return _current.get() or _EMPTY


@contextmanager
def audit_context(**fields: Any) -> Iterator[AuditContext]:
    """Run a block under a context built from the current one with ``fields`` replaced."""
    context = replace(current(), **fields)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Sets the audit context for the request: client address (``TRUSTED_PROXY_COUNT`` rules),
    request id, ``web`` or ``api``, and the signed-in user (read when first needed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = AuditContext(
            ip_address=client_ip(request),
            request_id=getattr(request, "request_id", ""),
            via="api" if request.path.startswith("/api/") else "web",
            _actor=lambda: getattr(request, "user", None),
        )
        token = _current.set(context)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class AuditedTask(Task):
    """The base class of every Celery task: its request id is that of the request (or task) that
    published it — the id its log lines carry — else the task's own id; ``via`` names it."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        request_id = task_request_id(self)
        token = _current.set(
            AuditContext(request_id="" if request_id == "-" else request_id, via=f"task:{self.name}"[:64])
        )
        try:
            return super().__call__(*args, **kwargs)
        finally:
            _current.reset(token)
