"""The fidelity check: a worker's periodic self-check on the principles of peer support.

Private to the worker by default; shared only with supervisors the worker names
(``apps.core.sharing``). Managers and org admins read aggregates at or above
``VOICE_MIN_GROUP`` distinct workers, never a check, a score of a named worker or a note.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel
from apps.fidelity.principles import (
    DEFAULT_INTERVAL_DAYS,
    MAX_INTERVAL_DAYS,
    MAX_NOTE_LENGTH,
    MAX_SCORE,
    MIN_INTERVAL_DAYS,
    MIN_SCORE,
    SKIPS,
    answer_text,
)


class FidelitySettings(TimeStampedModel):
    """The organisation's setting: how often its peer workers are invited to the check."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    interval_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INTERVAL_DAYS,
        validators=[MinValueValidator(MIN_INTERVAL_DAYS), MaxValueValidator(MAX_INTERVAL_DAYS)],
    )

    def __str__(self):
        return f"Fidelity check every {self.interval_days} days"


class FidelityCheck(TimeStampedModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fidelity_checks")
    # The organisation-local date it was taken, and when the next one is due (taken_on + the
    # organisation's interval; recomputed when the setting changes). The reminder scan reads it.
    taken_on = models.DateField()
    next_due_on = models.DateField()
    share_with_supervisor = models.BooleanField(default=False)
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="fidelity_check_author_idx"),
            models.Index(fields=["organisation", "taken_on"], name="fidelity_check_org_idx"),
            models.Index(fields=["next_due_on"], name="fidelity_check_due_idx"),
        ]

    def __str__(self):
        return f"Fidelity check by {self.author} ({self.taken_on})"


class FidelityAnswer(TimeStampedModel):
    """One principle's answer: a score (1–4) or "not applicable" / "rather not say", and an
    optional private note (read only as the check is)."""

    fidelity_check = models.ForeignKey(FidelityCheck, on_delete=models.CASCADE, related_name="answers")
    principle = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    skipped = models.CharField(max_length=16, blank=True, choices=list(SKIPS.items()))
    note = models.TextField(max_length=MAX_NOTE_LENGTH, blank=True)

    class Meta:
        ordering = ["fidelity_check", "principle"]
        constraints = [
            models.UniqueConstraint(fields=["fidelity_check", "principle"], name="fidelity_answer_once"),
            models.CheckConstraint(
                condition=(Q(score__isnull=True) & ~Q(skipped=""))
                | (Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE) & Q(skipped="")),
                name="fidelity_answer_score_or_skip",
            ),
        ]

    def __str__(self):
        return f"{self.principle}: {self.score or self.skipped}"

    @property
    def value(self) -> str:
        """The answer as the forms and the API send it: "1".."4" or a skip."""
        return str(self.score) if self.score is not None else self.skipped

    @property
    def text(self) -> str:
        return answer_text(self.score, self.skipped)
