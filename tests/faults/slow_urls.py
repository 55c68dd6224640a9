"""The real URLconf plus views whose query outlasts a (shortened) statement timeout."""

from django.db import connection
from django.urls import path

from pspteam.urls import handler403, handler404, handler500  # noqa: F401
from pspteam.urls import urlpatterns as real_urlpatterns


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '200ms'")  # as if the default had been reached
        try:
            cursor.execute("SELECT pg_sleep(5)")
        finally:
            cursor.execute("RESET statement_timeout")
    raise AssertionError("the statement timeout did not stop the query")


urlpatterns = [path("slow/", slow), path("api/v1/slow/", slow), *real_urlpatterns]
