"""Every write to the team voice.

Answering a pulse and sending feedback are the only writes in pspteam that deliberately
leave no trace of who did them: no audit event (an audit row names its actor and time), no
log line, no notification naming the sender, no timestamp. See ``models`` for why each
submission rewrites its pool in a random order.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.notifications.services import notify
from apps.teams.models import Membership, Team
from apps.voice import policies
from apps.voice.models import Feedback, FeedbackBatch, Pulse, PulseAnswer, PulseParticipation
from apps.voice.questions import CURRENT_SET, QUESTION_COUNT, SCALE
from apps.voice.selectors import eligible_respondent_count, eligible_respondents, open_pulse

MAX_PULSE_DAYS = 60
_random = secrets.SystemRandom()


def _team_link(team) -> str:
    return reverse("voice:team-voice", kwargs={"team_id": team.pk})


def _managers_of(team, today):
    return [
        m.worker
        for m in Membership.objects.active(today)
        .filter(team=team, team_role=Membership.TeamRole.MANAGER)
        .select_related("worker")
    ]


@transaction.atomic
def pulse_open(*, actor, team: Team, closes_on, request=None) -> Pulse:
    """A manager of the team (or an org admin) opens a pulse from today until ``closes_on``."""
    require(policies.can_open_pulse(actor, team.pk), "Only this team's managers can open a pulse.")
    today = caps(actor).today
    Team.objects.select_for_update().filter(pk=team.pk).first()  # one open pulse per team, no race
    if closes_on is None or closes_on < today:
        raise ValidationError({"closes_on": "The closing date cannot be in the past."})
    if closes_on > today + timedelta(days=MAX_PULSE_DAYS):
        raise ValidationError({"closes_on": f"Keep a pulse open for at most {MAX_PULSE_DAYS} days."})
    current = open_pulse(team, today=today)
    if current is not None:
        raise ValidationError({"team": f"A pulse is already open for this team until {current.closes_on}."})
    minimum = policies.min_group()
    if eligible_respondent_count(team, today=today) < minimum:
        raise ValidationError(
            {"team": f"Fewer than {minimum} people in this team could answer, so its results could never be shown."}
        )
    pulse = Pulse.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        opened_by=actor,
        opened_on=today,
        closes_on=closes_on,
        question_set=CURRENT_SET,
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=pulse, request=request, detail=str(closes_on))
    for membership in eligible_respondents(team, today=today).select_related("worker"):
        notify(
            recipient=membership.worker,
            kind="voice_pulse_open",
            message=f"A short anonymous pulse is open for {team} until {closes_on}.",
            link=_team_link(team),
        )
    return pulse


def _check_answers(answers) -> list[int]:
    if not isinstance(answers, list | tuple) or len(answers) != QUESTION_COUNT:
        raise ValidationError({"answers": f"Give exactly {QUESTION_COUNT} answers, each from 1 to 5."})
    cleaned = []
    for value in answers:
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValidationError({"answers": f"Give exactly {QUESTION_COUNT} answers, each from 1 to 5."})
        cleaned.append(value)
    return cleaned


@transaction.atomic
def pulse_answer(*, actor, pulse: Pulse, answers) -> None:
    """Record one anonymous answer and that ``actor`` has answered, with no link between them.

    Under a lock on the pulse: check the actor has not answered, note the participation, then
    rewrite all of the pulse's answers (the new one among them) in a random order with fresh
    random keys. Every answer row then has the same age and a position that says nothing about
    when it was given, so neither row order nor transaction ids pair a participation with an
    answer. Returns nothing: the caller gets no id that could later be matched to the answer.
    """
    require(policies.can_voice(actor, pulse.team_id), "Only members of this team (not its managers) can answer.")
    values = _check_answers(answers)
    pulse = Pulse.objects.select_for_update().get(pk=pulse.pk)
    if pulse.state_on(caps(actor).today) != "open":
        raise ValidationError({"pulse": "This pulse is not open."})
    if PulseParticipation.objects.filter(pulse=pulse, worker_id=actor.pk).exists():
        raise ValidationError({"pulse": "You have already answered this pulse."})
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(pulse=pulse, worker_id=actor.pk)
    except IntegrityError:  # pragma: no cover - the pulse lock above makes this unreachable
        raise ValidationError({"pulse": "You have already answered this pulse."}) from None
    pool = [a.values for a in PulseAnswer.objects.filter(pulse=pulse)]
    pool.append(tuple(values))
    _random.shuffle(pool)
    PulseAnswer.objects.filter(pulse=pulse).delete()
    PulseAnswer.objects.bulk_create(
        PulseAnswer(pulse=pulse, **dict(zip(("q1", "q2", "q3", "q4", "q5"), row, strict=True))) for row in pool
    )


@transaction.atomic
def feedback_submit(*, actor, team: Team, body: str) -> None:
    """Send anonymous feedback to the team's managers.

    The item joins the team's waiting pool (rewritten in a random order, as for pulse answers).
    When the pool reaches ``VOICE_MIN_GROUP`` items it is released to the managers as one batch,
    dated the day of release; items carry no date of their own.
    """
    require(policies.can_voice(actor, team.pk), "Only members of this team (not its managers) can send feedback.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write your feedback."})
    if len(body) > Feedback.MAX_LENGTH:
        raise ValidationError({"body": f"Keep it under {Feedback.MAX_LENGTH} characters."})
    today = caps(actor).today
    Team.objects.select_for_update().filter(pk=team.pk).first()
    waiting = Feedback.objects.filter(team=team, batch__isnull=True)
    pool = list(waiting.values_list("body", flat=True))
    pool.append(body)
    _random.shuffle(pool)
    waiting.delete()
    batch = None
    if len(pool) >= policies.min_group():
        batch = FeedbackBatch.objects.create(
            organisation_id=team.organisation_id, team=team, released_on=today, size=len(pool)
        )
    Feedback.objects.bulk_create(
        Feedback(organisation_id=team.organisation_id, team=team, body=text, batch=batch) for text in pool
    )
    if batch is not None:
        for manager in _managers_of(team, today):
            notify(
                recipient=manager,
                kind="voice_feedback_batch",
                message=f"A new batch of anonymous feedback for {team} is ready to read.",
                link=_team_link(team),
            )
