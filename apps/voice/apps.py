from django.apps import AppConfig

from apps.core import registry


class VoiceConfig(AppConfig):
    name = "apps.voice"
    label = "voice"

    def ready(self) -> None:
        from apps.voice import data_rights, panels, reminders  # noqa: F401 - registers the follow-up rule

        registry.register_data_section(
            "team_voice", order=65, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )

        registry.register_nav("Team voice", "voice:voice-index", registry.NavGroup.TEAM, 70, panels.in_a_team)
        registry.register_my_day_panel("voice/_my_day_panel.html", order=60, context=panels.my_day)
        registry.register_team_panel("voice/_team_panel.html", order=80, context=panels.team_panel)
