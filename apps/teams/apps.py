from django.apps import AppConfig

from apps.core import answers, registry


class TeamsConfig(AppConfig):
    name = "apps.teams"
    label = "teams"

    def ready(self) -> None:
        from apps.teams import data_rights, setup_steps
        from apps.teams.access import MembershipAnswers

        registry.register_data_section("memberships", order=2, export=data_rights.export, readable=data_rights.READABLE)
        registry.register_nav("Teams", "teams:team-list", registry.NavGroup.TEAM, 10, registry.everyone)
        registry.register_setup_step(
            "teams",
            label="Create your first team",
            why="A team is where people, their roles and their supervision come together.",
            url_name="teams:team-create",
            order=20,
            done=setup_steps.team_created,
        )
        registry.register_setup_step(
            "team_roles",
            label="Choose who manages each team",
            why="On the team page, add a person with the team role Manager: they look after its roles, hours and supervision.",
            url_name="teams:team-list",
            order=40,
            done=setup_steps.every_team_has_a_manager,
        )
        # The access rules (core.capabilities) ask teams who is in which team (core imports no app).
        answers.teams.register(MembershipAnswers())
