"""Generic error pages: JSON for the API, plain pages otherwise; never a trace or a version."""

from django.http import JsonResponse
from django.shortcuts import render


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


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
