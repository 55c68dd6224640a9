"""Group pulses: pooled peer voice across teams, and a team's host-readiness pulse (issue 19).

The same anonymity as the team pulse (``models``), and one more thing: a group pulse's answers
are never stored one by one. The mix opens the seals and writes only the *sums* of the
breakdowns that ``release.releasable`` allows (everyone, peer workers, clinicians, each team),
so the database holds no per-person row that a team and a role could single out.

* ``GroupPulse`` — who opened it, for whom (kind, audience, teams), when.
* ``GroupPulseInvitee`` — taken when it opens: who was asked, as what (worker kind, which of its
  teams). Only they may answer, so nobody added or re-labelled afterwards makes up the numbers;
  ``answered`` is set when they answer (never which answer).
* ``SealedGroupAnswer`` — an answer and its invitee's breakdown tags, sealed, until the mix.
* ``GroupPulseResult`` — one breakdown's sums (count, distribution per question), or a withheld
  breakdown (no numbers at all).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel, UUIDModel


class GroupPulse(TimeStampedModel):
    class Kind(models.TextChoices):
        POOLED = "pooled", "Pooled peer voice"
        READINESS = "readiness", "Host-team readiness"

    class Audience(models.TextChoices):
        PEERS = "peers", "Peer workers"
        EVERYONE = "everyone", "Peer workers and clinicians"
        CLINICAL = "clinical", "Clinical colleagues"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    whole_organisation = models.BooleanField(default=False)
    teams = models.ManyToManyField("teams.Team", related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are accepted.")
    question_set = models.CharField(max_length=40)
    # Set by the mix once results (or withheld breakdowns) are written; nothing waits after it.
    mixed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opened_on")), name="group_pulse_closes_after_open"
            ),
        ]
        indexes = [
            # an organisation's group pulses of a kind, newest first (lists, history for the rule).
            models.Index(fields=["organisation", "kind", "-opened_on"], name="group_pulse_org_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.opened_on}–{self.closes_on}"

    def state_on(self, today) -> str:
        if today < self.opened_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"


class GroupPulseInvitee(UUIDModel):
    """Someone asked to answer, as they stood when the pulse opened. Holds no answer."""

    pulse = models.ForeignKey(GroupPulse, on_delete=models.CASCADE, related_name="invitees")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    worker_kind = models.CharField(max_length=16)
    # Ids as text in a JSON list, not a PostgreSQL array: the embedded default runs on SQLite.
    team_ids = models.JSONField(default=list, help_text="Which of the pulse's teams they were in.")
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pulse", "worker"], name="group_pulse_invitee_once"),
        ]
        indexes = [
            # "my group pulses": a worker's invitations.
            models.Index(fields=["worker"], name="group_invitee_worker_idx"),
        ]


class SealedGroupAnswer(UUIDModel):
    """An answer waiting for its pulse to close, sealed with its breakdown tags. No author, no time."""

    pulse = models.ForeignKey(GroupPulse, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        indexes = [models.Index(fields=["pulse"], name="sealed_group_answer_pulse_idx")]


class GroupPulseResult(UUIDModel):
    """One breakdown of a mixed group pulse: its sums when released, nothing when withheld."""

    pulse = models.ForeignKey(GroupPulse, on_delete=models.CASCADE, related_name="results")
    key = models.CharField(max_length=60, help_text="all, kind:peer, kind:clinical, team:<id>")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    released = models.BooleanField()
    responses = models.PositiveIntegerField(null=True, blank=True)
    # [{"mean": 3.4, "distribution": {"1": n, ..., "5": n}}, ...] per question; null when withheld.
    sums = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "key"], name="group_pulse_result_once"),
            models.CheckConstraint(
                condition=Q(released=False, responses__isnull=True, sums__isnull=True)
                | Q(released=True, responses__isnull=False, sums__isnull=False),
                name="group_result_numbers_only_when_released",
            ),
        ]
