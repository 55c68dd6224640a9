"""The "My data" page (issue 15, item 9): the worker's export in words — a heading per kind of
record, human labels and dates — with the JSON download beside it and "request erasure"; and
the org admins' list of erasure requests waiting for them.

The page renders the export document itself (``apps.core.readable.render`` with each app's
``Readable``): the data is collected once, by ``export_worker_data``.
"""

from datetime import tzinfo
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.dates import org_zone
from apps.core.readable import Readable, Section, moment_text
from apps.core.readable import render as render_section
from apps.core.registry import DATA_SECTIONS
from apps.workers.data_rights import export_worker_data
from apps.workers.erasure_requests import erasure_request, erasure_requests_waiting, my_erasure_request


def readable_sections(document: dict[str, Any], zone: tzinfo) -> list[Section]:
    """The export ``document`` as sections in words, in the registry's order."""
    sections = []
    for section in DATA_SECTIONS:
        readable = section.readable or Readable(title=section.name.replace("_", " ").capitalize(), labels={})
        sections.append(render_section(readable, document.get(section.name), zone))
    return sections


def export_response(request: HttpRequest, document: dict[str, Any], template: str, zone: tzinfo, **context: Any):
    """The export as a readable page, or with ``?format=json`` as a JSON download."""
    if request.GET.get("format") == "json":
        response = JsonResponse(document, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="pspteam-my-data.json"'
        return response
    exported = moment_text(document["exported_at"], zone)
    return render(
        request,
        template,
        {"document": document, "sections": readable_sections(document, zone), "exported": exported, **context},
    )


def my_data(request):
    """A readable copy of everything pspteam holds about the signed-in worker."""
    document = export_worker_data(actor=request.user)
    return export_response(
        request,
        document,
        "workers/my_data.html",
        org_zone(request.user.organisation),
        erasure_request=my_erasure_request(request.user),
    )


@require_POST
def my_data_erase_request(request):
    """The worker asks for their data to be erased; their org admins are told."""
    _request, created = erasure_request(actor=request.user)
    if created:
        messages.success(request, "Your request has been sent to your organisation's admins. Nothing is erased yet.")
    else:
        messages.info(request, "You have already asked; your request is waiting with your organisation's admins.")
    return redirect("workers:my-data")


def erasure_requests(request):
    """Org admins: who has asked for their data to be erased, oldest first."""
    return render(
        request,
        "workers/erasure_requests.html",
        {"requests": erasure_requests_waiting(request.user)},
    )
