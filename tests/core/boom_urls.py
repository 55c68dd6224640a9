"""The real URLconf plus two views that fail, for testing 500 responses."""

from django.urls import path

from pspteam.urls import handler403, handler404, handler500  # noqa: F401
from pspteam.urls import urlpatterns as real_urlpatterns


def boom(request):
    raise RuntimeError("SELECT secret FROM somewhere -- a trace that must never reach the client")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), *real_urlpatterns]
