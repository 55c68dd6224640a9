"""Progress of background work, for a bar the page polls (imports, portfolio documents).

Written by the Celery worker, read by the web process: so kept in the ``progress`` cache, which
every process shares (Redis when there is one, else files under var/ in the embedded mode),
never a per-process cache. ``key`` names the job, e.g. ``"imports:<run id>"``.
"""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

PROGRESS_TIMEOUT = 24 * 3600


def set_progress(key: str, done: int) -> None:
    caches["progress"].set(f"progress:{key}", done, timeout=PROGRESS_TIMEOUT)


def progress_of(key: str) -> int:
    """Steps done so far of the job under way (0 when unknown)."""
    return int(caches["progress"].get(f"progress:{key}") or 0)


def progress_response(request: HttpRequest, template: str, context: dict, *, busy: bool, page_url: str) -> HttpResponse:
    """The progress fragment a page polls with htmx every second (``core/_progress.html``).

    Opened directly rather than polled, it redirects to the page it belongs to (the page walks
    see a whole page, not a fragment); once the job is done it asks htmx to reload the page,
    which then shows the outcome."""
    if request.headers.get("HX-Request") != "true":
        return redirect(page_url)
    response = render(request, template, context)
    if not busy:
        response["HX-Refresh"] = "true"
    return response
