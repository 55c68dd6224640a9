"""Generic error pages: JSON for the API, plain pages otherwise; never a trace or a version."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """Django's own refusals (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields, a
    bad host): JSON for the API, with 413 for a body that is too large."""
    too_big = isinstance(exception, RequestDataTooBig)
    if _wants_json(request):
        if too_big:
            return JsonResponse({"detail": "The request body is too large."}, status=413)
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "403.html", status=403)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "Something went wrong on our side. It has been logged."}, status=500)
    return render(request, "500.html", status=500)
