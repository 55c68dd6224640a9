from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "apps.reflections"
    label = "reflections"
