"""The API's renderer: DRF's JSON renderer, adding ``Location`` to every 201 (docs/api.md,
"Created"), so that no create view can forget it.

The renderer is the one place every API answer passes through with its view at hand (views
build their 201s in many ways: the create mixin, a service call and ``Response(..., status=201)``,
an action). Where the created object is:

* a resource of the view (``create``, or a PATCH that made a new version of a published role):
  its detail URL, ``/api/v1/<resource>/<new id>/``;
* an entry with no URL of its own (a comment, a follow-up) created through a sub-collection that
  lists them: that sub-collection (the request's own URL, which answers GET);
* otherwise (a sign-off, a pulse answer): the resource the action was on.
"""

from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from rest_framework import renderers

OWN_RESOURCE_ACTIONS = {"create", "update", "partial_update"}


def _detail_url(view: Any, pk: Any) -> str | None:
    basename = getattr(view, "basename", None)
    if basename is None or pk is None:
        return None
    lookup = str(getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk"))
    try:
        return reverse(f"api:{basename}-detail", kwargs={lookup: pk})
    except NoReverseMatch:
        return None


def _lists_on_get(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    actions = getattr(match.func, "actions", None)
    return actions is not None and "get" in actions


def created_location(request: Any, view: Any, data: Any) -> str | None:
    created_id = data.get("id") if isinstance(data, dict) else None
    action = getattr(view, "action", None)
    if action in OWN_RESOURCE_ACTIONS:
        path = _detail_url(view, created_id)
    elif _lists_on_get(request.path):
        path = request.path
    else:
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        path = _detail_url(view, getattr(view, "kwargs", {}).get(lookup))
    return request.build_absolute_uri(path) if path else None


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        context = renderer_context or {}
        response, request = context.get("response"), context.get("request")
        if response is not None and request is not None and response.status_code == 201 and "Location" not in response:
            location = created_location(request, context.get("view"), data)
            if location:
                response["Location"] = location
        return super().render(data, accepted_media_type, renderer_context)
