"""This app's part of the API router (see pspteam/api.py)."""


def register(router) -> None:
    pass


urlpatterns = []
