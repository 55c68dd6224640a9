"""Optional error reporting to Sentry (sentry-sdk), on only when ``SENTRY_DSN`` is set.

Reflections, boundary notes and check-ins must never leave the app, and an error report is an
easy way out: the request body, a local variable, a database error quoting a row. So an event
keeps what an operator needs to find a bug — the exception type, the stack (file, function,
line, source code), the view, the request id — and loses everything that can hold what a person
wrote or a secret:

* the request body is never read (``max_request_body_size="never"``), and ``request.data``,
  cookies, the query string and every header but a few harmless ones are dropped;
* no local variables (``include_local_variables=False``), and any ``vars`` left are dropped;
* exception messages are dropped (a database error can quote the row it refused);
* ``extra`` (Celery puts task arguments there), ``user`` and breadcrumb ``data`` are dropped;
* ``send_default_pii=False``: no user, no client address.

The event is tagged with the request id (``X-Request-ID``), the same one the JSON logs carry.
"""

from __future__ import annotations

from typing import Any

from apps.core.logging import request_id_var

SCRUBBED = "[scrubbed]"
# Request headers an event keeps (lower case); any other is dropped, Authorization and Cookie first.
KEPT_HEADERS = frozenset({"accept", "content-type", "content-length", "host", "user-agent", "x-request-id"})


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """``before_send`` (and ``before_send_transaction``): the event without private text."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        kept = {key: request[key] for key in ("method", "url") if key in request}
        kept["headers"] = {k: v for k, v in headers.items() if str(k).lower() in KEPT_HEADERS}
        event["request"] = kept
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = SCRUBBED
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        crumb.pop("data", None)
    event.pop("extra", None)
    event.pop("user", None)
    request_id = request_id_var.get()
    if request_id != "-":
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(dsn: str, *, environment: str, release: str = "", traces_sample_rate: float = 0.0) -> None:
    """Start reporting to ``dsn`` (called from settings when ``SENTRY_DSN`` is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,  # type: ignore[arg-type]
        before_send_transaction=scrub,  # type: ignore[arg-type]
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
