from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User
    from apps.teams.models import Team


def _my_day_panel(user: "User") -> dict[str, Any]:
    from apps.core.capabilities import caps
    from apps.reflections.selectors import recent_comments_for_author, supervisee_awaiting_acknowledgement_count

    return {
        "comments": recent_comments_for_author(user),
        "is_supervisor": bool(caps(user).supervisee_ids),
        "awaiting_acknowledgement": supervisee_awaiting_acknowledgement_count(user),
    }


def _team_panel(user: "User", team: "Team") -> dict[str, Any]:
    from apps.reflections.selectors import team_feed_summary

    return {"team": team, **team_feed_summary(user, team)}


class ReflectionsConfig(AppConfig):
    name = "apps.reflections"
    label = "reflections"

    def ready(self) -> None:
        from apps.core import registry
        from apps.reflections import data_rights

        registry.register_nav(
            "Reflections", "reflections:reflection-list", registry.NavGroup.MINE, 30, registry.everyone
        )
        registry.register_data_section("reflections", order=20, export=data_rights.export, erase=data_rights.erase)
        registry.register_my_day_panel("reflections/_my_day_panel.html", order=40, context=_my_day_panel)
        registry.register_team_panel("reflections/_team_panel.html", order=60, context=_team_panel)
