"""The team voice in a worker's export, and its erasure.

Anonymous answers and feedback are not the worker's to export: nothing links them to anyone,
which is the point. What is about the worker is only which pulses they have answered.
"""

from apps.core.readable import Readable
from apps.voice.models import FeedbackSender, GroupPulseInvitee, PulseParticipation, VoiceAction


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
        # Pooled peer voice and readiness pulses (issue 19): that they were asked, and whether they
        # answered; never what (only sums of groups were ever written).
        "group_pulses_asked": [
            {
                "kind": i.pulse.get_kind_display(),
                "opened_on": i.pulse.opened_on.isoformat(),
                "closes_on": i.pulse.closes_on.isoformat(),
                "answered": i.answered,
            }
            for i in GroupPulseInvitee.objects.filter(worker=user).select_related("pulse").order_by("pulse__opened_on")
        ],
        "feedback_waiting_in": sorted(FeedbackSender.objects.filter(worker=user).values_list("team__name", flat=True)),
        # "You said, we did" a manager recorded: their words to the team.
        "voice_actions_recorded": [
            {
                "team": a.team.name,
                "recorded_on": a.recorded_on.isoformat(),
                "heard": a.heard,
                "planned": a.planned,
                "owner_role": a.owner_role,
                "status": a.status,
                "done_note": a.done_note,
            }
            for a in VoiceAction.objects.filter(author=user).select_related("team").order_by("recorded_on", "id")
        ],
        "note": "Your pulse answers and feedback were stored without your name, so they cannot be found or exported.",
    }


def erase(worker) -> None:
    PulseParticipation.objects.filter(worker=worker).delete()
    # Who was asked a group pulse; its released sums carry no one and stay.
    GroupPulseInvitee.objects.filter(worker=worker).delete()
    # Their waiting message stays in the pool (it carries no name); they no longer count in it.
    FeedbackSender.objects.filter(worker=worker).delete()
    # "You said, we did" is the team's record: it stays, without who wrote it.
    VoiceAction.objects.filter(author=worker).update(author=None)


READABLE = Readable(
    title="Team voice",
    labels={
        "pulses_answered": "Pulses I answered",
        "team": "Team",
        "opened_on": "Opened",
        "closes_on": "Closed",
        "group_pulses_asked": "Pooled and readiness pulses I was asked",
        "kind": "Pulse",
        "answered": "Answered",
        "feedback_waiting_in": "Feedback of mine waiting to be released in",
        "voice_actions_recorded": "What I recorded as \u201cyou said, we did\u201d",
        "recorded_on": "Recorded",
        "heard": "You said",
        "planned": "We will",
        "owner_role": "By whom",
        "status": "Status",
        "done_note": "What was done",
        "note": "About your answers",
    },
)
