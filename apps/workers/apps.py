from django.apps import AppConfig


def _can_manage_people(user) -> bool:
    from apps.core.capabilities import caps

    return caps(user).can_manage_people()


class WorkersConfig(AppConfig):
    name = "apps.workers"
    label = "workers"

    def ready(self):
        from apps.core.registry import register_nav

        register_nav("People", "workers:people", order=90, visible=_can_manage_people)
