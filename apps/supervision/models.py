"""Supervision agreements: who supervises whom, of which kind, how often."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class AgreementQuerySet(models.QuerySet):
    def active(self, on_date):
        """Agreements in force on ``on_date``: started, not yet ended."""
        return self.filter(starts_on__lte=on_date).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on_date))


class Agreement(TimeStampedModel):
    class Kind(models.TextChoices):
        PEER = "peer", "Peer supervision"
        CLINICAL = "clinical", "Clinical supervision"
        LINE = "line", "Line management"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreements_as_supervisee"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreements_as_supervisor"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    frequency_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(365)])
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The due column (STYLE 15): (last session's held_on, or starts_on) + frequency_days, kept
    # current by the supervision services whenever an agreement or a session changes. Pages,
    # API and the reminder scan all read it; nobody recomputes it differently.
    next_due_on = models.DateField(null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(supervisee=models.F("supervisor")), name="agreement_not_self"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]
        indexes = [
            # caps().supervisee_ids: a supervisor's agreements.
            models.Index(fields=["supervisor", "starts_on"], name="agreement_supervisor_idx"),
            # caps().supervisor_ids: a supervisee's agreements.
            models.Index(fields=["supervisee", "starts_on"], name="agreement_supervisee_idx"),
            # the reminder scan: agreements whose due date has come (or is within the lead).
            models.Index(fields=["next_due_on"], name="agreement_next_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.supervisor} → {self.supervisee}"
