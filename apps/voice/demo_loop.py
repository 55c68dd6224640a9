"""Demo "you said, we did" for Riverside (after ``apps.voice.demo``): what the manager heard in the
two closed pulses and the released feedback, and what was done — so the open pulse's page shows
it before answering, and each pulse's results show what was done since the one before.

Idempotent: nothing is added to a team that already has actions. Invented words only."""

from datetime import timedelta

from apps.voice import loop_services
from apps.voice.models import FeedbackBatch, Pulse, VoiceAction

# (which closed pulse, oldest first; you said; we will; by whom; recorded / done weeks ago; what was done)
ON_PULSES = [
    (
        0,
        "Peer workers' views are often passed over in the morning handover.",
        "Give the peer worker a standing slot in every handover.",
        "Team manager",
        (8, 5),
        "A peer slot is on the handover sheet; the peer worker speaks second.",
    ),
    (
        1,
        "People are unsure what the peer role is for, and what it is not for.",
        "Add a half-hour on the peer role to the induction day and the team meeting.",
        "Peer lead",
        (2, None),
        "",
    ),
]
ON_FEEDBACK = (
    "Peer workers get asked to cover reception when the team is short.",
    "Stop using peer workers as cover for reception; ask the duty manager instead.",
    "Duty manager",
)


def seed(ctx) -> None:
    team = ctx.teams["riverside"]
    manager = ctx.people["manager"]
    if VoiceAction.objects.filter(team=team).exists():
        return
    closed = list(Pulse.objects.filter(team=team, closes_on__lt=ctx.today).order_by("opened_on"))
    for index, heard, planned, role, (recorded, done), note in ON_PULSES:
        if index >= len(closed):
            continue
        action = loop_services.action_record(
            actor=manager,
            team=team,
            pulse=closed[index],
            heard=heard,
            planned=planned,
            owner_role=role,
            follow_up_on=ctx.today + timedelta(days=21) if done is None else None,
        )
        if done is not None:
            loop_services.action_update(actor=manager, action=action, status="done", done_note=note)
        VoiceAction.objects.filter(pk=action.pk).update(
            recorded_on=ctx.today - timedelta(weeks=recorded),
            done_on=ctx.today - timedelta(weeks=done) if done is not None else None,
        )
    batch = FeedbackBatch.objects.filter(team=team).order_by("-released_on").first()
    if batch is not None:
        heard, planned, role = ON_FEEDBACK
        loop_services.action_record(
            actor=manager,
            team=team,
            feedback_batch=batch,
            heard=heard,
            planned=planned,
            owner_role=role,
            follow_up_on=ctx.today + timedelta(days=10),
        )
    ctx.note(f"'you said, we did' for {team}")
