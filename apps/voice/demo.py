"""Demo team voice for Riverside: two closed pulses with enough answers for the trend, one open
pulse with a couple of (sealed, waiting) answers, a released batch of feedback and two messages
waiting.

Idempotent: nothing is added to a team that already has pulses (or feedback). Past pulses are
written directly (the service only opens pulses from today); answers still carry no author.
The demo's people stand for real ones who set their own passwords, so their voices count."""

import random
from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.teams.models import Membership
from apps.voice import services
from apps.voice.models import FeedbackBatch, Pulse, PulseAnswer, PulseParticipation, SealedFeedback

# Weeks ago the pulse closed, and its answers (five statements, 1–5) — the trend improves.
PAST_PULSES = [
    (9, [(2, 3, 2, 3, 2), (3, 2, 2, 2, 3), (2, 3, 1, 3, 2), (3, 3, 2, 4, 3), (2, 2, 3, 2, 2)]),
    (3, [(3, 4, 3, 3, 3), (4, 3, 3, 4, 3), (3, 4, 2, 3, 4), (4, 4, 3, 4, 3), (3, 3, 4, 3, 3)]),
]
FEEDBACK = [
    "Handover often moves on before the peer worker has said anything.",
    "It would help if the team knew what peer support is not for.",
    "Thank you for protecting the time for peer supervision this month.",
    "Peer workers get asked to cover reception when we are short.",
    "The recovery stories in the team meeting were the best part of the week.",
    "Please put the peer role on the agenda of the induction day.",
    "Could we have a lived-experience slot in the weekly review?",
]


def seed(ctx) -> None:
    team = ctx.teams["riverside"]
    manager = ctx.people["manager"]
    voices = [
        m.worker
        for m in Membership.objects.active(ctx.today)
        .filter(team=team)
        .exclude(team_role=Membership.TeamRole.MANAGER)
        .select_related("worker")
        .order_by("worker__username")
    ]
    User.objects.filter(pk__in=[v.pk for v in voices], own_credentials_at__isnull=True).update(
        own_credentials_at=timezone.now()
    )
    for voice in voices:
        voice.refresh_from_db(fields=["own_credentials_at"])
    shuffle = random.Random(7).shuffle  # noqa: S311 - demo data only

    if not Pulse.objects.filter(team=team).exists():
        for weeks_ago, answers in PAST_PULSES:
            closes_on = ctx.today - timedelta(weeks=weeks_ago)
            pulse = Pulse.objects.create(
                organisation=team.organisation,
                team=team,
                opened_by=manager,
                opened_on=closes_on - timedelta(days=13),
                closes_on=closes_on,
            )
            rows = list(answers)
            shuffle(rows)
            PulseAnswer.objects.bulk_create(
                PulseAnswer(pulse=pulse, **dict(zip(("q1", "q2", "q3", "q4", "q5"), row, strict=True))) for row in rows
            )
            PulseParticipation.objects.bulk_create(
                PulseParticipation(pulse=pulse, worker=w) for w in voices[: len(rows)]
            )
            ctx.note(f"closed pulse for {team} with {len(rows)} answers")
        pulse = services.pulse_open(actor=manager, team=team, closes_on=ctx.today + timedelta(days=10))
        for worker, own in zip(voices[:2], [(4, 4, 3, 4, 3), (3, 4, 4, 3, 4)], strict=False):
            services.pulse_answer(actor=worker, pulse=pulse, answers=list(own))
        ctx.note(f"open pulse for {team} with 2 answers")

    if not FeedbackBatch.objects.filter(team=team).exists() and not SealedFeedback.objects.filter(team=team).exists():
        released = FEEDBACK[: len(voices)]
        for voice, body in zip(voices, released, strict=False):
            services.feedback_submit(actor=voice, team=team, body=body)
        services.feedback_release(team.pk)  # what the release task does once enough people have written
        for i, body in enumerate(FEEDBACK[len(released) :]):
            services.feedback_submit(actor=voices[i % len(voices)], team=team, body=body)
        ctx.note(f"anonymous feedback for {team} (one batch released, {len(FEEDBACK) - len(released)} waiting)")
