from django.apps import AppConfig


class BoundariesConfig(AppConfig):
    name = "apps.boundaries"
    label = "boundaries"
