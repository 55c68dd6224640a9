"""Organisations (the tenant) and the people who sign in (workers)."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.core.models import TimeStampedModel, UUIDModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/London).")


class Organisation(TimeStampedModel):
    """The tenant. Every record belongs to exactly one; nothing crosses organisations."""

    name = models.CharField(max_length=200, unique=True)
    time_zone = models.CharField(max_length=64, default="Europe/London", validators=[validate_time_zone])

    def __str__(self):
        return self.name


class WorkerQuerySet(models.QuerySet):
    def in_org(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def receiving_reminders(self):
        """Stepped-away and left workers get no reminders and nothing about them escalates."""
        return self.filter(status=User.Status.ACTIVE, is_active=True)


class WorkerManager(UserManager.from_queryset(WorkerQuerySet)):
    pass


class User(AbstractUser, UUIDModel):
    """A person who signs in: a peer, clinical or other worker of one organisation."""

    class WorkerKind(models.TextChoices):
        PEER = "peer", "Peer support worker"
        CLINICAL = "clinical", "Clinical"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        STEPPED_AWAY = "stepped_away", "Stepped away"
        LEFT = "left", "Left"

    # Null only for platform superusers created with createsuperuser; every worker has one.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="workers"
    )
    display_name = models.CharField(max_length=150)
    worker_kind = models.CharField(max_length=16, choices=WorkerKind.choices, default=WorkerKind.PEER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    contracted_hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    is_org_admin = models.BooleanField(default=False)
    stepped_away_until = models.DateField(null=True, blank=True)
    # When the person first held credentials nobody else knows: a password they chose through a
    # link sent to them (set-password or reset), or a single sign-on. A password typed by whoever
    # created the account does not count, nor does changing it (whoever typed it can change it).
    # Team voice counts only such people, so that accounts made up by others cannot be used to
    # out-vote or subtract a real member's answer (apps/voice/README.md).
    own_credentials_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkerManager()

    class Meta:
        ordering = ["display_name", "username"]
        indexes = [
            # workers_visible_to(): an org's workers listed by name.
            models.Index(fields=["organisation", "display_name"], name="user_org_name_idx"),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_peer(self) -> bool:
        return self.worker_kind == self.WorkerKind.PEER

    def get_full_name(self):
        return self.display_name or self.username


class SignInSession(models.Model):
    """Which browser sessions belong to whom, so that deactivating a worker can end every
    one of their sessions at once (Django's session table is not indexed by user)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} session {self.created_at:%Y-%m-%d %H:%M}"
