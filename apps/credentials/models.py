"""Self-logged practice hours and the credential profiles a worker tracks (issue 17, part 3).

Supervision hours come from held sessions (``apps.supervision``) and training hours from
training records (``apps.competencies``); only what has no other home is stored here. The
profiles themselves are data files (``data/*.yaml``, ``loader.py``), not rows.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

MIN_ENTRY_HOURS = Decimal("0.25")
MAX_ENTRY_HOURS = Decimal("24")
MAX_NOTE = 140


class PracticeEntry(TimeStampedModel):
    """Hours of peer work the worker logs themselves. Read and written by the worker only.

    ``note`` is a short reminder of what the time was (e.g. "drop-in group"), never anything
    that identifies a person using services (the form says so; ``validation.py`` refuses
    e-mail addresses and long numbers).
    """

    class Category(models.TextChoices):
        DIRECT = "direct_peer_support", "Direct peer support"
        GROUP = "group_work", "Group work"
        TRAINING_DELIVERY = "training_delivery", "Training delivery"
        OTHER = "other", "Other peer work"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_entries")
    worked_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_ENTRY_HOURS), MaxValueValidator(MAX_ENTRY_HOURS)],
    )
    category = models.CharField(max_length=24, choices=Category.choices)
    note = models.CharField(max_length=MAX_NOTE, blank=True)

    class Meta:
        ordering = ["-worked_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_ENTRY_HOURS) & Q(hours__lte=MAX_ENTRY_HOURS),
                name="practice_entry_hours_in_range",
            ),
        ]
        indexes = [models.Index(fields=["worker", "-worked_on"], name="practice_entry_worker_idx")]

    def __str__(self):
        return f"{self.hours} h {self.category} on {self.worked_on}"

    @property
    def author(self):
        return self.worker


class ProfileChoice(TimeStampedModel):
    """A credential profile (by its slug in ``data/``) the worker chose to track."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential_profiles")
    profile = models.SlugField(max_length=80)

    class Meta:
        ordering = ["profile"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "profile"], name="credential_profile_choice_unique"),
        ]

    def __str__(self):
        return f"{self.worker} tracks {self.profile}"
