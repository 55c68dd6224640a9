"""The team's anonymous voice: free-text feedback to the team's managers and a periodic pulse.

Anonymity is a property of the tables, not only of the pages (threat model: ``README.md`` here):

* ``PulseAnswer`` and ``Feedback`` have no author, no timestamp, and random (UUID4) keys, and are
  only ever INSERTed — by the mixing task, in one transaction per batch of at least
  ``VOICE_MIN_GROUP``, in a random order. Their rows share one transaction id (``xmin``) with each
  other and with nobody's participation, and leave no old row versions behind.
* ``PulseParticipation`` (who answered which pulse) and ``FeedbackSender`` (who has written to
  the team's waiting pool) hold no answer and no text.
* Between the two, what someone sent waits *sealed* (``sealing``: AES-GCM, key outside the
  database) in ``SealedAnswer`` / ``SealedFeedback``, written in a transaction of its own.
* Results reach managers only as aggregates of at least ``VOICE_MIN_GROUP`` answers, after
  the pulse has closed, and feedback only in released batches written by at least that many
  different people.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel, UUIDModel
from apps.voice.questions import CURRENT_SET


class Pulse(TimeStampedModel):
    """A pulse opened by a team manager; its timestamps are the manager's, not respondents'."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="pulses")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are accepted.")
    question_set = models.CharField(max_length=40, default=CURRENT_SET)

    class Meta:
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opened_on")), name="pulse_closes_after_open"),
        ]
        indexes = [
            # a team's pulses newest first (team voice page, trend, "is one open?").
            models.Index(fields=["team", "-closes_on"], name="pulse_team_closes_idx"),
        ]

    def __str__(self):
        return f"Pulse for {self.team_id} {self.opened_on}–{self.closes_on}"

    def state_on(self, today) -> str:
        if today < self.opened_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"


class PulseParticipation(UUIDModel):
    """Who has answered which pulse. Deliberately unlinked from the answer (see module doc)."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="participations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            # Nobody answers a pulse twice; also the index for "have I answered?".
            models.UniqueConstraint(fields=["pulse", "worker"], name="pulse_participation_once"),
        ]


class SealedAnswer(UUIDModel):
    """An answer waiting for its pulse to close, sealed (``sealing``). No author, no time.

    Written in its own transaction after the participation's, so the two rows share no ``xmin``;
    what the database can place next to a person is a ciphertext. The mixing task opens every
    seal of a closed pulse, writes the answers in one batch and deletes these rows."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        indexes = [
            # the mix: a closed pulse's waiting answers (the FK index, named for the reason).
            models.Index(fields=["pulse"], name="sealed_answer_pulse_idx"),
        ]


class PulseAnswer(UUIDModel):
    """One anonymous response: five integers 1–5. No author, no time. INSERTed only by the mix."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="answers")
    q1 = models.PositiveSmallIntegerField()
    q2 = models.PositiveSmallIntegerField()
    q3 = models.PositiveSmallIntegerField()
    q4 = models.PositiveSmallIntegerField()
    q5 = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(q1__gte=1, q1__lte=5)
                & Q(q2__gte=1, q2__lte=5)
                & Q(q3__gte=1, q3__lte=5)
                & Q(q4__gte=1, q4__lte=5)
                & Q(q5__gte=1, q5__lte=5),
                name="pulse_answer_scale",
            ),
        ]
        indexes = [
            # aggregates of one pulse (the FK index), named here so the reason is written down.
            models.Index(fields=["pulse"], name="pulse_answer_pulse_idx"),
        ]

    @property
    def values(self) -> tuple[int, ...]:
        return (self.q1, self.q2, self.q3, self.q4, self.q5)


class FeedbackBatch(UUIDModel):
    """At least ``VOICE_MIN_GROUP`` feedback items released to the team's managers together."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="feedback_batches")
    released_on = models.DateField()
    size = models.PositiveSmallIntegerField()
    # How many different people wrote the batch (never fewer than ``VOICE_MIN_GROUP``).
    writers = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-released_on"]
        indexes = [
            # the managers' view: a team's batches, newest first.
            models.Index(fields=["team", "-released_on"], name="feedback_batch_team_idx"),
        ]


class FeedbackSender(UUIDModel):
    """Someone who has a message in the team's waiting pool: what makes the pool's people
    countable (the pool is released once ``VOICE_MIN_GROUP`` *different* people have written).
    Holds no text; written in a transaction after the sealed message's, and only while that
    message still waits. Deleted when the pool is released."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            # One count per person per pool, however many messages they write.
            models.UniqueConstraint(fields=["team", "worker"], name="feedback_sender_once_per_pool"),
        ]


class SealedFeedback(UUIDModel):
    """A message waiting in the team's pool, sealed and padded (``sealing``). No author, no time."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        indexes = [
            # the release: a team's waiting messages (the FK index, named for the reason).
            models.Index(fields=["team"], name="sealed_feedback_team_idx"),
        ]


class Feedback(UUIDModel):
    """One anonymous message to the team's managers. No author, no time; INSERTed only by the
    release, already in its batch."""

    MAX_LENGTH = 2000

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_LENGTH)
    batch = models.ForeignKey(FeedbackBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="items")

    class Meta:
        indexes = [
            # a batch's items (the FK index, named for the reason).
            models.Index(fields=["batch"], name="feedback_batch_idx"),
        ]


class VoiceAction(TimeStampedModel):
    """ "You said, we did": what a manager heard in a released pulse or feedback batch, what will
    be done and by whom (a role), with a follow-up date; visible to the whole team.

    Written by a manager about aggregates only: it points at a pulse (released: closed with at
    least ``VOICE_MIN_GROUP`` answers) or a released feedback batch, never at a person. The
    follow-up date reminds the team's managers through the reminder scan (``reminders.py``)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    TEXT_MAX = 1000
    ROLE_MAX = 120

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="voice_actions")
    pulse = models.ForeignKey(Pulse, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    feedback_batch = models.ForeignKey(
        FeedbackBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    heard = models.TextField(max_length=TEXT_MAX, help_text="What was heard (the team's words, not anyone's).")
    planned = models.TextField(max_length=TEXT_MAX, help_text="What will be done.")
    owner_role = models.CharField(max_length=ROLE_MAX, help_text="Who does it: a role, not necessarily a person.")
    follow_up_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(max_length=TEXT_MAX, blank=True, default="")
    recorded_on = models.DateField()
    # The manager who recorded it (audit subject of reads; never a respondent).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pulse__isnull=False) | Q(feedback_batch__isnull=False),
                name="voice_action_answers_something",
            ),
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | Q(status="done", done_on__isnull=False),
                name="voice_action_done_has_date",
            ),
        ]
        indexes = [
            # the team's list, newest first (page and cursor-paginated API).
            models.Index(fields=["team", "-created_at", "-id"], name="voice_action_team_idx"),
            # the reminder scan: open actions by follow-up date.
            models.Index(fields=["follow_up_on"], name="voice_action_follow_up_idx", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"Voice action for {self.team_id} ({self.status})"


from apps.voice.group_models import GroupPulse, GroupPulseInvitee, GroupPulseResult, SealedGroupAnswer  # noqa: E402, F401 - issue 19
