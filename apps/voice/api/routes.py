"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.voice.api.group_views import GroupPulseViewSet
from apps.voice.api.loop import PulseResultsView, VoiceActionViewSet
from apps.voice.api.views import FeedbackViewSet, PulseViewSet, TeamVoiceView


def register(router) -> None:
    router.register("voice/feedback", FeedbackViewSet, basename="voice-feedback")
    router.register("voice/pulses", PulseViewSet, basename="voice-pulse")
    router.register("voice/actions", VoiceActionViewSet, basename="voice-action")
    router.register("voice/group-pulses", GroupPulseViewSet, basename="voice-group-pulse")


urlpatterns = [
    path("teams/<str:team_id>/voice/", TeamVoiceView.as_view(), name="team-voice"),
    path("voice/pulses/<str:pulse_id>/results/", PulseResultsView.as_view(), name="voice-pulse-results"),
]
