"""Prometheus metrics (prometheus-client): what the app does, never whom it concerns.

Every label is a fixed name — a view's URL name, a task's name, a reminder kind, an outcome —
never an id, an address or anything a person wrote.

**Several processes.** gunicorn runs several workers and Celery several processes; each counts
in its own memory, and a scrape reaches one of them. With ``PROMETHEUS_MULTIPROC_DIR`` set (the
compose file does; it must be set in the environment before the process starts, and be empty
at deployment) prometheus-client's multiprocess mode writes every process's values to files in
that directory and ``/metrics`` adds them up: the web containers and the worker containers share
it as a volume, so one scrape of any web process sees the requests of all gunicorn workers and
the tasks of all Celery processes on that host. ``pspteam/gunicorn.conf.py`` marks a gunicorn
worker that exited as dead. Without the variable (``make run``, tests) each process counts for
itself and ``/metrics`` shows the process that answers.

The probes' gauges (database, broker, worker heartbeat, periodic jobs) are computed at scrape
time from the database (``apps.core.health``), so they are right whichever process answers.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from celery import signals
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from apps.core import health
from apps.core.client_address import client_ip

# The text format every Prometheus reads (generate_latest writes it).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUEST_LATENCY = Histogram(
    "pspteam_http_request_duration_seconds",
    "Time to answer an HTTP request, by view (URL name) and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RESPONSES = Counter(
    "pspteam_http_responses_total", "HTTP responses, by view, method and status code.", ["view", "method", "status"]
)
TASKS = Counter(
    "pspteam_celery_tasks_total",
    "Celery tasks run, by task name and outcome (SUCCESS, FAILURE, RETRY, ...).",
    ["task", "state"],
)
TASK_FAILURES = Counter("pspteam_celery_task_failures_total", "Celery tasks that raised, by task name.", ["task"])
TASK_DURATION = Histogram(
    "pspteam_celery_task_duration_seconds",
    "Time a Celery task ran, by task name.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300),
)
REMINDER_SCAN_DURATION = Histogram(
    "pspteam_reminder_scan_duration_seconds",
    "Time one reminder scan took.",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 240),
)
REMINDERS_CREATED = Counter("pspteam_reminders_created_total", "Reminders created by the scan, by kind.", ["kind"])
EMAIL_SENDS = Counter(
    "pspteam_notification_emails_total",
    "Notification e-mail send attempts, by outcome: sent, retry (failed, tried again later), "
    "failed (given up), skipped, database_error.",
    ["outcome"],
)

# Outcomes of a notification e-mail that are failures (for the README's alert).
EMAIL_FAILURE_OUTCOMES = frozenset({"retry", "failed", "database_error"})

# One line per request (JSON in production): method, view, status, time, request id. Never the
# path or the query string (ids, search words), never a header or the body.
request_logger = logging.getLogger("pspteam.requests")

# Paths answered before URL resolution (HealthCheckMiddleware): their own names.
_PROBE_VIEWS = {"/healthz": "healthz", "/readyz": "readyz", "/metrics": "metrics"}


def view_label(request: HttpRequest) -> str:
    """The URL name of the view that answered (``namespace:name``), a probe's name, or
    ``<unresolved>`` (a 404, a request refused before the URL was resolved). Never the path:
    paths carry ids."""
    probe = _PROBE_VIEWS.get(request.path)
    if probe:
        return probe
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "<unresolved>"


class RequestMetricsMiddleware:
    """Times every request, counts its answer by view, and logs one line about it (probes at
    DEBUG; a 5xx has its one line already). Right after the request id, so the probes and the
    early refusals are counted too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        status = 500  # an exception that escapes is answered 500 further out
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            _observe(request, status, time.perf_counter() - start)


def _observe(request: HttpRequest, status: int, seconds: float) -> None:
    view, method = view_label(request), _method(request.method)
    REQUEST_LATENCY.labels(view, method).observe(seconds)
    RESPONSES.labels(view, method, str(status)).inc()
    if status >= 500:
        return  # a failure has its one line already (django.request, or the app's own 503)
    request_logger.log(
        logging.DEBUG if request.path in _PROBE_VIEWS else logging.INFO,
        "%s %s %s %.0fms",
        method,
        view,
        status,
        seconds * 1000,
        extra={"method": method, "view": view, "status": status, "duration_ms": round(seconds * 1000, 1)},
    )


def _method(method: str | None) -> str:
    known = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
    return method if method in known else "other"


# --- Celery ----------------------------------------------------------------------------------------
_started: dict[str, float] = {}


def task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def task_finished(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    name = getattr(task, "name", None) or "unknown"
    TASKS.labels(name, state or "UNKNOWN").inc()
    start = _started.pop(task_id or "", None)
    if start is not None:
        TASK_DURATION.labels(name).observe(time.perf_counter() - start)


def task_failed(sender: Any = None, **_: Any) -> None:
    TASK_FAILURES.labels(getattr(sender, "name", None) or "unknown").inc()


def connect_celery_signals() -> None:
    """Count tasks in the processes that run them (called from ``CoreConfig.ready``)."""
    signals.task_prerun.connect(task_started, dispatch_uid="core.metrics.task_started", weak=False)
    signals.task_postrun.connect(task_finished, dispatch_uid="core.metrics.task_finished", weak=False)
    signals.task_failure.connect(task_failed, dispatch_uid="core.metrics.task_failed", weak=False)


# --- The scrape ------------------------------------------------------------------------------------
class HealthCollector:
    """The probes' gauges, read at scrape time (see ``apps.core.health``)."""

    def collect(self) -> Iterator[Metric]:
        database = health.database_ok()
        runs = health.last_runs() if database else {}
        age = health.worker_heartbeat_age(runs)
        yield GaugeMetricFamily("pspteam_database_up", "Whether the database answers (1) or not (0).", int(database))
        yield GaugeMetricFamily(
            "pspteam_broker_up", "Whether the Celery broker answers (1) or not (0).", int(health.broker_ok())
        )
        heartbeat = GaugeMetricFamily(
            "pspteam_worker_heartbeat_age_seconds", "Seconds since a Celery worker last ran the heartbeat task."
        )
        if age is not None:
            heartbeat.add_metric([], round(age, 1))
        yield heartbeat
        jobs = GaugeMetricFamily(
            "pspteam_job_last_success_age_seconds", "Seconds since each periodic job last completed.", labels=["job"]
        )
        now = timezone.now()
        for name, at in sorted(runs.items()):
            jobs.add_metric([name], round(max((now - at).total_seconds(), 0.0), 1))
        yield jobs


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir") or None


def exposition() -> bytes:
    """The whole scrape: this host's processes (multiprocess mode) or this process, then the
    probes' gauges."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(PROCESS_REGISTRY)
    probes = CollectorRegistry()
    probes.register(HealthCollector())
    return counted + generate_latest(probes)


def scrape_allowed(request: HttpRequest) -> tuple[bool, int]:
    """Whether this request may read ``/metrics``, else the status to refuse it with.

    The client address (``TRUSTED_PROXY_COUNT`` rules) must be in ``METRICS_ALLOWED_NETWORKS``
    — 403 otherwise — and, when ``METRICS_TOKEN`` is set, ``Authorization: Bearer <token>``
    must carry it — 401 otherwise. In production the networks default to none unless a token is
    set, so ``/metrics`` is closed until an operator opens it."""
    address = client_ip(request)
    if not _in_networks(address, settings.METRICS_ALLOWED_NETWORKS):
        return False, 403
    if settings.METRICS_TOKEN:
        given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode()):
            return False, 401
    return True, 200


def _in_networks(address: str | None, networks: list[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)
