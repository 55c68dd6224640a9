from django.apps import AppConfig


def _is_supervisee_or_peer(user) -> bool:
    from apps.core.capabilities import caps

    return user.is_peer or bool(caps(user).supervisor_ids)


def _is_supervisor(user) -> bool:
    from apps.core.capabilities import caps

    return bool(caps(user).supervisee_ids)


def _manages_agreements(user) -> bool:
    from apps.core.capabilities import caps

    my = caps(user)
    return my.is_org_admin or bool(my.managed_team_ids)


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    label = "supervision"

    def ready(self):
        from apps.core.registry import register_data_section, register_my_day_panel, register_nav, register_team_panel
        from apps.supervision import data_rights, panels
        from apps.supervision.services import agreements_end_for_leaver
        from apps.workers.leaving_hooks import register_leaving_hook

        register_nav("My supervision", "supervision:my-supervision", order=40, visible=_is_supervisee_or_peer)
        register_nav("Review queue", "supervision:queue", order=42, visible=_is_supervisor)
        register_nav("Agreements", "supervision:agreement-list", order=44, visible=_manages_agreements)
        register_my_day_panel("supervision/_my_day_proposals.html", order=19, context=panels.awaiting_my_answer)
        register_my_day_panel("supervision/_my_day_due.html", order=20, context=panels.my_due_supervision)
        register_my_day_panel("supervision/_my_day_queue.html", order=21, context=panels.awaiting_my_review)
        register_team_panel("supervision/_team_panel.html", order=30, context=panels.team_supervision)
        register_data_section("supervision", order=40, export=data_rights.export)
        # A leaver's agreements end in the leaving transaction (workers sits below supervision).
        register_leaving_hook("supervision: every live agreement of the leaver ends", agreements_end_for_leaver)
