"""The team voice in a worker's export, and its erasure.

Anonymous answers and feedback are not the worker's to export: nothing links them to anyone,
which is the point. What is about the worker is only which pulses they have answered.
"""

from apps.core.readable import Readable
from apps.voice.models import FeedbackSender, PulseParticipation


def export(user) -> dict:
    return {
        "pulses_answered": [
            {
                "team": p.pulse.team.name,
                "opened_on": p.pulse.opened_on.isoformat(),
                "closes_on": p.pulse.closes_on.isoformat(),
            }
            for p in PulseParticipation.objects.filter(worker=user)
            .select_related("pulse__team")
            .order_by("pulse__opened_on")
        ],
        "feedback_waiting_in": sorted(FeedbackSender.objects.filter(worker=user).values_list("team__name", flat=True)),
        "note": "Your pulse answers and feedback were stored without your name, so they cannot be found or exported.",
    }


def erase(worker) -> None:
    PulseParticipation.objects.filter(worker=worker).delete()
    # Their waiting message stays in the pool (it carries no name); they no longer count in it.
    FeedbackSender.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Team voice",
    labels={
        "pulses_answered": "Pulses I answered",
        "team": "Team",
        "opened_on": "Opened",
        "closes_on": "Closed",
        "feedback_waiting_in": "Feedback of mine waiting to be released in",
        "note": "About your answers",
    },
)
