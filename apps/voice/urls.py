from django.urls import path

from apps.voice import group_views, loop_views, views

app_name = "voice"

urlpatterns = [
    path("", views.voice_index, name="voice-index"),
    path("teams/<uuid:team_id>/", views.team_voice_page, name="team-voice"),
    path("teams/<uuid:team_id>/actions/", loop_views.team_actions_page, name="team-actions"),
    path("actions/<uuid:action_id>/", loop_views.action_page, name="action-detail"),
    path("groups/", group_views.group_pulses_page, name="group-pulses"),
    path("groups/<uuid:group_pulse_id>/", group_views.group_pulse_page, name="group-pulse"),
]
