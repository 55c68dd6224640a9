"""Log filters: the request id on every line — carried into the Celery tasks a request
publishes — and tracebacks rate-limited; the JSON formatter of production logs.

During an outage every request fails the same way; one line each (with its request id) says
what happened, and a few full tracebacks per minute are plenty to diagnose it. Without the
limit a 30-second database outage wrote ~110,000 lines.
"""

import logging
import threading
import time
from collections import deque
from contextvars import ContextVar
from typing import Any

from celery import signals
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
# The Celery task being run in this process, for log lines ("" outside a task).
task_var: ContextVar[str] = ContextVar("task", default="")

# The message header that carries the publishing request's id to the task (Celery copies custom
# headers onto ``task.request``).
TASK_REQUEST_ID_HEADER = "pspteam_request_id"


class RequestIDFilter(logging.Filter):
    """Adds ``record.request_id``: of the request the record is about (Django's request
    logger passes it) or of the request being handled in this thread, else ``-``."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class TracebackRateLimitFilter(logging.Filter):
    """Keeps at most ``limit`` tracebacks per ``window`` seconds for each (logger, exception
    type); beyond that the record keeps its one line, marked ``[traceback suppressed]``."""

    def __init__(self, limit: int = 5, window: float = 60.0):
        super().__init__()
        self.limit, self.window = int(limit), float(window)
        self._seen: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def filter(self, record):
        if not record.exc_info or record.exc_info[0] is None:
            return True
        key = (record.name, record.exc_info[0].__name__)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and now - seen[0] > self.window:
                seen.popleft()
            if len(seen) < self.limit:
                seen.append(now)
                return True
        record.exc_info = None
        record.exc_text = None
        record.msg = f"{record.msg} [traceback suppressed]"
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line (python-json-logger): ``time``, ``level``, ``logger``,
    ``message``, ``request_id``, ``task`` inside a Celery task, the request line's ``method``,
    ``view``, ``status`` and ``duration_ms``, and a traceback as ``exc_info``. Nothing else: other
    ``extra`` values a library passes along (Django's ``request``, say) are left out, so no body
    or header can reach the log by that way."""

    EXTRA_FIELDS = ("method", "view", "status", "duration_ms")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        for field in self._required_fields:
            log_data[self._get_rename(field)] = record.__dict__.get(field)
        for field in self.EXTRA_FIELDS:
            if field in record.__dict__:
                log_data[field] = record.__dict__[field]
        task = task_var.get()
        if task:
            log_data["task"] = task
        for key in ("exc_info", "stack_info"):
            if message_dict.get(key):
                log_data[key] = message_dict[key]


def task_request_id(task: Any) -> str:
    """The request id a task runs under: that of the request (or task) that published it,
    else the task's own id (a task published by beat)."""
    request = getattr(task, "request", None)
    given = getattr(request, TASK_REQUEST_ID_HEADER, None)
    return str(given or getattr(request, "id", None) or "-")[:64]


def _carry_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """``before_task_publish``: the id of the request (or task) publishing goes with the message."""
    current = request_id_var.get()
    if headers is not None and current != "-":
        headers.setdefault(TASK_REQUEST_ID_HEADER, current)


_task_tokens: dict[str, tuple[Any, Any]] = {}


def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    """``task_prerun``: the task's log lines carry the publishing request's id. Run eagerly inside
    a request (no message, so no header), the request's own id stays."""
    carried = getattr(getattr(task, "request", None), TASK_REQUEST_ID_HEADER, None)
    request_id = task_request_id(task) if carried or request_id_var.get() == "-" else request_id_var.get()
    _task_tokens[task_id or ""] = (request_id_var.set(request_id), task_var.set(getattr(task, "name", "") or ""))


def _task_finished(task_id: str | None = None, **_: Any) -> None:
    tokens = _task_tokens.pop(task_id or "", None)
    if tokens is not None:
        request_id_var.reset(tokens[0])
        task_var.reset(tokens[1])


def connect_celery_signals() -> None:
    """Called from ``CoreConfig.ready``: publishers add the header, workers read it."""
    signals.before_task_publish.connect(_carry_request_id, dispatch_uid="core.logging.carry", weak=False)
    signals.task_prerun.connect(_task_started, dispatch_uid="core.logging.task_started", weak=False)
    signals.task_postrun.connect(_task_finished, dispatch_uid="core.logging.task_finished", weak=False)
