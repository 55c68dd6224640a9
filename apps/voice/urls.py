from django.urls import path

from apps.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.voice_index, name="voice-index"),
    path("teams/<uuid:team_id>/", views.team_voice_page, name="team-voice"),
]
