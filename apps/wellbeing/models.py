"""Wellbeing: private check-ins and stepping away (seed 002: "how do we support PSPs as they
support others?").

Check-ins are private to their author. A supervisor reads only those the author chose to
share with them; managers and org admins never do.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel
from apps.wellbeing.validation import (
    MAX_CONTACT_HOW,
    MAX_CONTACT_NAME,
    MAX_CONTACT_WHEN,
    MAX_MESSAGE_LENGTH,
    MAX_MOOD,
    MAX_NOTE_LENGTH,
    MIN_MOOD,
)


class CheckIn(TimeStampedModel):
    MOOD_LABELS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins")
    # Optional (issue 15, item 12): a number is one way to say how you are, not the only one.
    mood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(MIN_MOOD), MaxValueValidator(MAX_MOOD)]
    )
    note = models.TextField(max_length=MAX_NOTE_LENGTH, blank=True)
    # "What's helping, and what would help": private like the note, read only as the note is.
    helping = models.TextField(max_length=MAX_NOTE_LENGTH, blank=True)
    share_with_supervisor = models.BooleanField(default=False)
    # Who it is shared with (``apps.core.sharing``): named supervisors read it while they
    # supervise the author. Empty unless ``share_with_supervisor``.
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | (Q(mood__gte=1) & Q(mood__lte=5)), name="check_in_mood_1_to_5"
            ),
        ]
        indexes = [
            # "my check-ins", newest first.
            models.Index(fields=["author", "-created_at"], name="check_in_author_idx"),
            # a supervisor's view: supervisees' shared check-ins, newest first.
            models.Index(
                fields=["author", "-created_at"], condition=Q(share_with_supervisor=True), name="check_in_shared_idx"
            ),
        ]

    def __str__(self):
        return f"Check-in by {self.author} ({self.created_at:%Y-%m-%d})"

    @property
    def mood_label(self) -> str:
        return self.MOOD_LABELS.get(self.mood, "") if self.mood is not None else ""

    @property
    def mood_text(self) -> str:
        """ "2 — Low", or "No number" when the worker chose words instead."""
        return f"{self.mood} — {self.mood_label}" if self.mood is not None else "No number"


class StepAway(TimeStampedModel):
    """A period a worker stepped away for their own health. While open (``returned_on`` is
    null) the worker's status is ``stepped_away`` and their agreements show ``paused``.

    ``message`` is an optional note to the worker's supervisors; they read it on their
    review queue (audited). It never goes into a notification.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_aways")
    started_on = models.DateField()
    planned_return_on = models.DateField()
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    returned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        constraints = [
            # At most one open period per worker.
            models.UniqueConstraint(
                fields=["author"], condition=Q(returned_on__isnull=True), name="step_away_one_open"
            ),
            models.CheckConstraint(
                condition=Q(planned_return_on__gte=models.F("started_on")), name="step_away_return_after_start"
            ),
        ]
        indexes = [
            # the supervisor's queue: open periods of their supervisees.
            models.Index(fields=["author", "-started_on"], name="step_away_author_idx"),
        ]

    def __str__(self):
        return f"{self.author} stepped away {self.started_on}"


class SupportContact(TimeStampedModel):
    """Where the organisation's people can turn for support of their own (issue 15, item 5):
    employee assistance, occupational health, crisis lines. An org setting, kept by org
    admins; every member of the organisation reads it (after a low check-in, and on the
    support page). Not private: nothing here is about a person.
    """

    class Kind(models.TextChoices):
        EMPLOYEE_ASSISTANCE = "employee_assistance", "Employee assistance"
        OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
        CRISIS_LINE = "crisis_line", "Crisis line"
        OTHER = "other", "Other support"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(max_length=MAX_CONTACT_NAME)
    how_to_reach = models.CharField(max_length=MAX_CONTACT_HOW)
    when_available = models.CharField(max_length=MAX_CONTACT_WHEN, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["organisation", "kind", "name"], name="support_contact_org_idx")]

    def __str__(self):
        return self.name
