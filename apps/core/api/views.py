from django.contrib.auth.decorators import login_not_required
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt


class ScopedQuerysetMixin:
    """Every API list and lookup starts from a selector's access-scoped queryset.

    DRF's object permissions do not filter lists, so scoping lives in ``get_queryset``:
    subclasses set ``model`` and implement ``scoped_queryset(user)``. During schema
    generation there is no user, so an empty queryset of ``model`` stands in.
    """

    model: type[models.Model] | None = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped_queryset(self.request.user)

    def scoped_queryset(self, user):  # pragma: no cover - abstract
        raise NotImplementedError


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@csrf_exempt  # it changes nothing; a token client's POST must get this answer, not a CSRF 403
@login_not_required  # the answer is the same for everyone, and says nothing about any data
def missing_slash(request: HttpRequest, path: str) -> HttpResponse:
    """``/api/…`` without its trailing slash. Django's ``APPEND_SLASH`` would answer a 301 that
    clients follow as a GET: a POST would then "succeed" with a 200 list and create nothing. So a
    GET (or HEAD) is redirected as before, and any other method is a 404 naming the right URL."""
    slashed = f"{request.path}/"
    try:
        resolve(slashed)
    except Resolver404:
        return JsonResponse({"detail": "Not found."}, status=404)
    if request.method in SAFE_METHODS:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{slashed}?{query}" if query else slashed)
    return JsonResponse({"detail": f"Not found. API paths end with a slash: {request.method} {slashed}"}, status=404)
