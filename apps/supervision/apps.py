from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import answers, registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _is_supervisee_or_peer(user: "User") -> bool:
    return user.is_peer or bool(caps(user).supervisor_ids)


def _is_supervisor(user: "User") -> bool:
    return bool(caps(user).supervisee_ids)


def _manages_agreements(user: "User") -> bool:
    my = caps(user)
    return my.is_org_admin or bool(my.managed_team_ids)


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    label = "supervision"

    def ready(self) -> None:
        import apps.supervision.reminders  # noqa: F401 - registers this app's reminder kinds and rules
        from apps.notifications.emails import register_email_part
        from apps.supervision import data_rights, invitations, panels, setup_steps, values_indicator
        from apps.supervision.access import AgreementAnswers
        from apps.supervision.services import agreements_end_for_leaver
        from apps.workers.leaving_hooks import register_leaving_hook

        # Planned supervision's e-mails carry the calendar invitation (text/calendar; method=…).
        for kind in invitations.KINDS:
            register_email_part(kind, invitations.email_part)
        # The access rules (core.capabilities, core.sharing) ask supervision who supervises whom.
        answers.supervision.register(AgreementAnswers())
        registry.register_nav(
            "My supervision", "supervision:my-supervision", registry.NavGroup.MINE, 40, _is_supervisee_or_peer
        )
        registry.register_nav("Supervising", "supervision:queue", registry.NavGroup.TEAM, 42, _is_supervisor)
        registry.register_nav(
            "Agreements", "supervision:agreement-list", registry.NavGroup.TEAM, 44, _manages_agreements
        )
        registry.register_my_day_panel(
            "supervision/_my_day_proposals.html", order=19, context=panels.awaiting_my_answer
        )
        registry.register_my_day_panel("supervision/_my_day_due.html", order=20, context=panels.my_due_supervision)
        registry.register_my_day_panel("supervision/_my_day_queue.html", order=21, context=panels.awaiting_my_review)
        registry.register_team_panel("supervision/_team_panel.html", order=30, context=panels.team_supervision)
        registry.register_team_panel("supervision/_values_panel.html", order=86, context=values_indicator.team_panel)
        registry.register_data_section(
            "supervision", order=40, export=data_rights.export, readable=data_rights.READABLE
        )
        registry.register_setup_step(
            "supervision_contracts",
            label="Set up supervision contracts",
            why="Propose who supervises whom and how often; each contract starts once both people agree.",
            url_name="supervision:agreement-list",
            order=60,
            done=setup_steps.contract_set_up,
        )
        # A leaver's agreements end in the leaving transaction (workers sits below supervision).
        register_leaving_hook("supervision: every live agreement of the leaver ends", agreements_end_for_leaver)
