from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _can_manage_people(user: "User") -> bool:
    return caps(user).can_manage_people()


class WorkersConfig(AppConfig):
    name = "apps.workers"
    label = "workers"

    def ready(self) -> None:
        from apps.workers import erasure_requests, setup_steps

        registry.register_nav("People", "workers:people", registry.NavGroup.ORGANISATION, 90, _can_manage_people)
        registry.register_setup_step(
            "time_zone",
            label="Check your time zone",
            why="Everyone's dates, due supervision and reminders follow it.",
            url_name="workers:organisation",
            order=10,
            done=setup_steps.time_zone_checked,
        )
        registry.register_setup_step(
            "people",
            label="Add the people who work with you",
            why="Each person gets their own sign-in; without a password they are e-mailed a link to set one.",
            url_name="workers:people",
            order=30,
            done=setup_steps.people_added,
        )
        registry.register_nav(
            "Erasure requests",
            "workers:erasure-requests",
            registry.NavGroup.ORGANISATION,
            91,
            erasure_requests.is_org_admin,
        )
        registry.register_data_section(
            "erasure_request",
            order=99,
            export=erasure_requests.erasure_requests_export,
            erase=erasure_requests.erasure_requests_erase,
            readable=erasure_requests.READABLE,
        )
