from django.apps import AppConfig


def _my_day_panel(user) -> dict:
    from apps.core.capabilities import caps
    from apps.reflections.selectors import recent_comments_for_author, supervisee_awaiting_acknowledgement_count

    return {
        "comments": recent_comments_for_author(user),
        "is_supervisor": bool(caps(user).supervisee_ids),
        "awaiting_acknowledgement": supervisee_awaiting_acknowledgement_count(user),
    }


def _team_panel(user, team) -> dict:
    from apps.reflections.selectors import team_feed_summary

    return {"team": team, **team_feed_summary(user, team)}


class ReflectionsConfig(AppConfig):
    name = "apps.reflections"
    label = "reflections"

    def ready(self):
        from apps.core.registry import register_data_section, register_my_day_panel, register_nav, register_team_panel
        from apps.reflections import data_rights

        register_nav("Reflections", "reflections:reflection-list", order=30)
        register_data_section("reflections", order=20, export=data_rights.export, erase=data_rights.erase)
        register_my_day_panel("reflections/_my_day_panel.html", order=40, context=_my_day_panel)
        register_team_panel("reflections/_team_panel.html", order=60, context=_team_panel)
