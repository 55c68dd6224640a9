from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _writes_boundary_notes(user: "User") -> bool:
    """Peer workers write boundary notes (anyone with a supervisor may too)."""
    return user.is_peer or bool(caps(user).supervisor_ids)


class BoundariesConfig(AppConfig):
    name = "apps.boundaries"
    label = "boundaries"

    def ready(self) -> None:
        import apps.boundaries.reminders  # noqa: F401 - registers this app's reminder kinds and rules
        from apps.boundaries import data_rights
        from apps.boundaries.services import closed_boundary_notes_retention_run

        registry.register_nav(
            "Boundary notes", "boundaries:note-list", registry.NavGroup.MINE, 35, _writes_boundary_notes
        )
        registry.register_retention_rule("closed_boundary_notes", closed_boundary_notes_retention_run)
        registry.register_data_section(
            "boundary_notes",
            order=30,
            export=data_rights.export,
            readable=data_rights.READABLE,
            erase=data_rights.erase,
        )
