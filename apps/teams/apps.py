from django.apps import AppConfig

from apps.core import answers, registry


class TeamsConfig(AppConfig):
    name = "apps.teams"
    label = "teams"

    def ready(self) -> None:
        from apps.teams import data_rights
        from apps.teams.access import MembershipAnswers

        registry.register_data_section("memberships", order=2, export=data_rights.export)
        registry.register_nav("Teams", "teams:team-list", registry.NavGroup.TEAM, 10, registry.everyone)
        # The access rules (core.capabilities) ask teams who is in which team (core imports no app).
        answers.teams.register(MembershipAnswers())
