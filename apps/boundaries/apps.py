from django.apps import AppConfig


def _writes_boundary_notes(user) -> bool:
    """Peer workers write boundary notes (anyone with a supervisor may too)."""
    from apps.core.capabilities import caps

    return user.is_peer or bool(caps(user).supervisor_ids)


class BoundariesConfig(AppConfig):
    name = "apps.boundaries"
    label = "boundaries"

    def ready(self):
        from apps.boundaries import data_rights
        from apps.boundaries.services import closed_boundary_notes_retention_run
        from apps.core.registry import register_data_section, register_nav, register_retention_rule

        register_nav("Boundary notes", "boundaries:note-list", order=35, visible=_writes_boundary_notes)
        register_retention_rule("closed_boundary_notes", lambda: closed_boundary_notes_retention_run())
        register_data_section("boundary_notes", order=30, export=data_rights.export, erase=data_rights.erase)
