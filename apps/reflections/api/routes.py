"""This app's part of the API router (see pspteam/api.py)."""

from apps.reflections.api.views import ReflectionViewSet


def register(router) -> None:
    router.register("reflections", ReflectionViewSet, basename="reflection")


urlpatterns = []
