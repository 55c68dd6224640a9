"""The team's anonymous voice: free-text feedback to the team's managers and a periodic pulse.

Anonymity is a property of the tables, not only of the pages:

* ``Feedback`` and ``PulseAnswer`` have no author, no timestamp, and random (UUID4, not
  time-ordered) keys. Nothing else in the database points at them with a person.
* ``PulseParticipation`` says who has answered a pulse (so nobody answers twice) and has no
  link to any answer: no foreign key, no shared key, no timestamp.
* Insertion order could still pair the n-th participation with the n-th answer (or date a
  feedback item). So every submission rewrites its whole pool — the pulse's answers, or the
  team's not-yet-released feedback — in a random order with fresh keys, in the same
  transaction, under a lock on the pulse or team row. Afterwards every row of the pool has
  the same age and a random position; see ``services``.
* Results reach managers only as aggregates of at least ``VOICE_MIN_GROUP`` answers, after
  the pulse has closed (so that no one can watch the average move when one person answers),
  and feedback only in released batches of at least that many items.
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


class PulseAnswer(UUIDModel):
    """One anonymous response: five integers 1–5. No author, no time."""

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

    class Meta:
        ordering = ["-released_on"]
        indexes = [
            # the managers' view: a team's batches, newest first.
            models.Index(fields=["team", "-released_on"], name="feedback_batch_team_idx"),
        ]


class Feedback(UUIDModel):
    """One anonymous message to the team's managers. No author, no time; shown only in a batch."""

    MAX_LENGTH = 2000

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_LENGTH)
    batch = models.ForeignKey(FeedbackBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="items")

    class Meta:
        indexes = [
            # the pool waiting for release: a team's unbatched items.
            models.Index(fields=["team"], condition=Q(batch__isnull=True), name="feedback_pool_idx"),
            # a batch's items (the FK index, named for the reason).
            models.Index(fields=["batch"], name="feedback_batch_idx"),
        ]
