"""The real URLconf plus an API view that writes a record and then fails (a 500 after a write)."""

from django.urls import path
from rest_framework.views import APIView

from apps.reflections import services
from pspteam.urls import handler403, handler404, handler500  # noqa: F401
from pspteam.urls import urlpatterns as real_urlpatterns


class CreateThenFail(APIView):
    def post(self, request):
        services.reflection_create(
            actor=request.user,
            title="Half done",
            occurred_on="2024-03-01",
            framework="gibbs",
            sections={"description": "Written before the crash."},
        )
        raise RuntimeError("the process died after the write, before the answer")


urlpatterns = [path("api/v1/create-then-fail/", CreateThenFail.as_view()), *real_urlpatterns]
