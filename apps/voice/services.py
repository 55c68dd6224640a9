"""Every write to the team voice.

Answering a pulse and sending feedback are the only writes in pspteam that deliberately
leave no trace of who did them: no audit event (an audit row names its actor and time), no
log line, no notification naming the sender, no timestamp.

How an answer travels, so that nothing in the database pairs it with its author (README.md):

1. ``pulse_answer``, transaction 1: under a lock on the pulse, check the answer may count and
   record the participation (who answered; no answer).
2. ``pulse_answer``, transaction 2: store the answer *sealed* (``sealing``) in ``SealedAnswer``.
   Its own transaction, so its ``xmin`` is not the participation's; a database reader can still
   place it next to the participation in time, but it is a ciphertext.
3. ``pulse_mix`` (the mixing task, once the pulse has closed), one transaction: open every
   seal of the pulse, shuffle, INSERT the answers in that order in one statement, delete the
   seals. Every answer row then has the same ``xmin``, a random position and a random key, and
   the answer table never sees an UPDATE or a DELETE (no old row versions, nothing for WAL to
   keep but one batch). Fewer than ``VOICE_MIN_GROUP`` seals are destroyed unread instead:
   their results could never be shown, and a small batch would narrow who wrote what.

Feedback goes the same way: the sealed message first, then (only while it still waits) the
sender row that lets the pool count different people; ``feedback_release`` writes the pool as
one batch once ``VOICE_MIN_GROUP`` different people have written.
"""

import logging
import secrets
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.dates import org_today, prose_date
from apps.notifications.emails import send_templated_email
from apps.notifications.queue import publish
from apps.notifications.services import notify
from apps.teams.models import Team
from apps.teams.selectors import team_managers
from apps.voice import policies, sealing
from apps.voice.loop_services import results_out_notify
from apps.voice.models import (
    Feedback,
    FeedbackBatch,
    FeedbackSender,
    Pulse,
    PulseAnswer,
    PulseParticipation,
    SealedAnswer,
    SealedFeedback,
)
from apps.voice.questions import CURRENT_SET, QUESTION_COUNT, SCALE
from apps.voice.selectors import answer_refusal, eligible_respondents, open_pulse, too_few_voices
from apps.workers.services import set_password_link

logger = logging.getLogger(__name__)
FIELDS = ("q1", "q2", "q3", "q4", "q5")

MAX_PULSE_DAYS = 60
# Shuffles come from the operating system's generator: a seeded one could be replayed.
_random = secrets.SystemRandom()


def _team_link(team: Team) -> str:
    return reverse("voice:team-voice", kwargs={"team_id": team.pk})


def team_too_small_for_a_pulse(team: Team, *, today: date) -> str | None:
    """Why a pulse cannot be opened in ``team`` today because too few could answer, or None. The
    page says it before offering the form; ``pulse_open`` refuses with the same words."""
    if not too_few_voices(team, today=today):
        return None
    minimum = policies.min_group()
    return (
        f"A pulse needs at least {minimum} people who could answer it: members other than the team's managers "
        "who have set their own password. This team has fewer, so its results could never be shown without "
        "risking who said what. Once more people have joined and set their own password, you can open one."
    )


@transaction.atomic
def pulse_open(*, actor: User, team: Team, closes_on: date | None) -> Pulse:
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
        raise ValidationError({"team": f"A pulse is already open for this team until {prose_date(current.closes_on)}."})
    too_small = team_too_small_for_a_pulse(team, today=today)
    if too_small:
        raise ValidationError({"team": too_small})
    pulse = Pulse.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        opened_by=actor,
        opened_on=today,
        closes_on=closes_on,
        question_set=CURRENT_SET,
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=pulse, detail=str(closes_on))
    for membership in eligible_respondents(team, today=today).select_related("worker"):
        notify(
            recipient=membership.worker,
            kind="voice_pulse_open",
            message=f"A short anonymous pulse is open for {team} until {prose_date(closes_on)}.",
            link=_team_link(team),
        )
    return pulse


def check_answers(answers: object) -> list[int]:
    if not isinstance(answers, list | tuple) or len(answers) != QUESTION_COUNT:
        raise ValidationError({"answers": f"Give exactly {QUESTION_COUNT} answers, each from 1 to 5."})
    cleaned = []
    for value in answers:
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValidationError({"answers": f"Give exactly {QUESTION_COUNT} answers, each from 1 to 5."})
        cleaned.append(value)
    return cleaned


def _refuse(message: str) -> None:
    raise PermissionDenied(message)


def pulse_answer(*, actor: User, pulse: Pulse, answers: object) -> None:
    """Take one anonymous answer from ``actor`` and record that they have answered, unlinked.

    Two transactions on purpose (see the module doc), so this must not run inside an outer
    ``atomic`` block in production (the API and the page do not). If the second never commits,
    the person is recorded as having answered and their answer is lost: never counted twice.
    Returns nothing: the caller gets no id that could later be matched to the answer.
    """
    if not policies.can_voice(actor, pulse.team_id):
        _refuse(policies.NOT_A_VOICE)
    values = check_answers(answers)
    with transaction.atomic():
        pulse = Pulse.objects.select_for_update().get(pk=pulse.pk)
        if pulse.state_on(caps(actor).today) != "open":
            raise ValidationError({"pulse": "This pulse is not open."})
        refusal = answer_refusal(actor, pulse)
        if refusal:
            _refuse(refusal)
        if PulseParticipation.objects.filter(pulse=pulse, worker_id=actor.pk).exists():
            raise ValidationError({"pulse": "You have already answered this pulse."})
        # The pulse lock makes the unique constraint unreachable here; it stays as the last word.
        PulseParticipation.objects.create(pulse=pulse, worker_id=actor.pk)
    with transaction.atomic():
        # Under the pulse lock again: the mix takes it too, and only once the pulse has closed
        # by the date, so an answer either lands before the mix or not at all.
        pulse = Pulse.objects.select_for_update().get(pk=pulse.pk)
        assert actor.organisation is not None  # answer_refusal above refused anyone outside one
        if pulse.state_on(org_today(actor.organisation)) != "open":
            raise ValidationError({"pulse": "This pulse closed as you answered; your answer could not be counted."})
        SealedAnswer.objects.create(pulse=pulse, sealed=sealing.seal_answer(pulse.pk, values))


def pulse_mix(pulse_id: UUID | str) -> int:
    """Write a closed pulse's waiting answers as one batch (the mixing task; any number of times,
    from any number of workers: the pulse lock and the emptied buffer make repeats no-ops).

    Returns how many answers were written (0 when still open, nothing waits, or too few waited).
    """
    with transaction.atomic():
        pulse = Pulse.objects.select_for_update().select_related("organisation").filter(pk=pulse_id).first()
        if pulse is None or pulse.state_on(org_today(pulse.organisation)) != "closed":
            return 0
        waiting = list(SealedAnswer.objects.filter(pulse=pulse).values_list("pk", "sealed"))
        if not waiting:
            return 0
        rows = []
        for _pk, sealed in waiting:
            try:
                rows.append(sealing.unseal_answer(pulse.pk, sealed))
            except sealing.SealError:
                logger.warning("voice mix: a sealed answer did not open and was dropped")
        written = 0
        if len(rows) >= policies.min_group():
            _random.shuffle(rows)
            # One INSERT, rows in the shuffled order (no batch_size: PostgreSQL takes them at once).
            PulseAnswer.objects.bulk_create(
                PulseAnswer(pulse=pulse, **dict(zip(FIELDS, row, strict=True))) for row in rows
            )
            written = len(rows)
            # Released: everyone who could answer is told (once: the seals are gone after this).
            results_out_notify(pulse, today=org_today(pulse.organisation))
        SealedAnswer.objects.filter(pk__in=[pk for pk, _ in waiting]).delete()
    return written


def _check_body(body: object) -> str:
    body = (body or "").strip() if isinstance(body, str) else ""
    if not body:
        raise ValidationError({"body": "Write your feedback."})
    if len(body) > Feedback.MAX_LENGTH:
        raise ValidationError({"body": f"Keep it under {Feedback.MAX_LENGTH} characters."})
    if "\x00" in body:
        raise ValidationError({"body": "Null characters are not allowed."})
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError({"body": "This text contains characters that cannot be stored."}) from None
    return body


def feedback_submit(*, actor: User, team: Team, body: str) -> None:
    """Send anonymous feedback to the team's managers.

    The message waits sealed in the team's pool; ``feedback_release`` writes the pool as one
    batch once ``VOICE_MIN_GROUP`` different people have a message in it. Two transactions on
    purpose (module doc): the sealed message, then — only if it still waits — the sender row
    that counts its writer. So every counted person has a message in the pool; a message whose
    pool was released in between goes out uncounted, which only adds to that batch.
    """
    refusal = policies.feedback_refusal(actor, team.pk)
    if refusal:
        _refuse(refusal)
    body = _check_body(body)
    with transaction.atomic():
        sealed = SealedFeedback.objects.create(team=team, sealed=sealing.seal_feedback(team.pk, body))
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # the release takes it too
        if SealedFeedback.objects.filter(pk=sealed.pk).exists():
            FeedbackSender.objects.get_or_create(team=team, worker_id=actor.pk)
        transaction.on_commit(lambda: _ring_for_release(team.pk))


def _ring_for_release(team_id: UUID) -> None:
    # By name: apps.voice.tasks calls this module (notifications.queue explains).
    publish("apps.voice.tasks.release_feedback", str(team_id))


def feedback_release(team_id: UUID | str) -> int:
    """Write the team's waiting pool as one batch when ``VOICE_MIN_GROUP`` different people have
    a message in it (the release task; safe to repeat or run concurrently: the team lock).

    Returns the batch size, or 0 when the pool is not ready.
    """
    with transaction.atomic():
        team = Team.objects.select_for_update().select_related("organisation").filter(pk=team_id).first()
        if team is None:
            return 0
        writers = FeedbackSender.objects.filter(team=team).count()
        if writers < policies.min_group():
            return 0
        waiting = list(SealedFeedback.objects.filter(team=team).values_list("pk", "sealed"))
        bodies = []
        for _pk, sealed in waiting:
            try:
                bodies.append(sealing.unseal_feedback(team.pk, sealed))
            except sealing.SealError:
                logger.warning("voice release: a sealed message did not open and was dropped")
        _random.shuffle(bodies)
        today = org_today(team.organisation)
        batch = FeedbackBatch.objects.create(
            organisation_id=team.organisation_id, team=team, released_on=today, size=len(bodies), writers=writers
        )
        Feedback.objects.bulk_create(
            Feedback(organisation_id=team.organisation_id, team=team, body=text, batch=batch) for text in bodies
        )
        SealedFeedback.objects.filter(pk__in=[pk for pk, _ in waiting]).delete()
        FeedbackSender.objects.filter(team=team).delete()
        for manager in team_managers(team, on_date=today):
            notify(
                recipient=manager,
                kind="voice_feedback_batch",
                message=f"A new batch of anonymous feedback for {team} is ready to read.",
                link=_team_link(team),
            )
    return len(bodies)


def mix_due() -> dict:
    """The periodic sweep: mix every closed pulse with waiting answers, release every ready pool.

    Each pulse and team in its own transaction, so one that fails does not hold up the rest."""
    pulses = teams = 0
    for pulse_id in SealedAnswer.objects.order_by().values_list("pulse_id", flat=True).distinct():
        pulses += bool(pulse_mix(pulse_id))
    for team_id in FeedbackSender.objects.order_by().values_list("team_id", flat=True).distinct():
        teams += bool(feedback_release(team_id))
    return {"pulses_mixed": pulses, "feedback_released": teams}


def own_password_link_send(*, actor: User) -> None:
    """E-mail ``actor`` a one-time link to set their own password (so their voice counts).

    To the address on their account, never shown or changed here; nothing else changes until
    they use it (``accounts.views.SetOwnPasswordView`` records their own credentials)."""
    if not actor.email:
        raise ValidationError({"email": "There is no e-mail address on your account: ask your org admin to add it."})
    link = set_password_link(actor)
    transaction.on_commit(
        lambda: send_templated_email("voice_own_password", to=actor.email, context={"worker": actor, "link": link})
    )
