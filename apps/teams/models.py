"""Teams and who is in them, with which team role."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Expression, Q
from django.db.models.functions import Lower

from apps.core.models import TimeStampedModel


class Team(TimeStampedModel):
    class Setting(models.TextChoices):
        INPATIENT = "inpatient", "Inpatient"
        COMMUNITY = "community", "Community"
        EMERGENCY = "emergency", "Emergency"
        CRISIS = "crisis", "Crisis"
        OTHER = "other", "Other"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    setting = models.CharField(max_length=16, choices=Setting.choices, default=Setting.COMMUNITY)
    # Teams are archived, never deleted: their memberships, role assignments, pulses and the
    # agreements of their people stay readable as history (services.team_archive).
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Case-insensitive, as team_create() checks: "Riverside" and "riverside" are one team
            # name, also when two admins create them at the same moment.
            models.UniqueConstraint("organisation", Lower("name"), name="team_unique_name_ci_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def in_force(on: date | Expression, prefix: str = "") -> Q:
    """The membership at path ``prefix`` (``""``, or ending in ``__``) is in force on ``on``: joined
    by then, not yet left. ``on`` may be an expression (the reminder scan's per-zone today)."""
    return Q(**{f"{prefix}joined_on__lte": on}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})
    )


class MembershipQuerySet(models.QuerySet):
    def active(self, on_date: date) -> "MembershipQuerySet":
        """Memberships in force on ``on_date`` (joined by then, not yet left)."""
        return self.filter(in_force(on_date))


class Membership(TimeStampedModel):
    class TeamRole(models.TextChoices):
        MANAGER = "manager", "Manager"
        SUPERVISOR = "supervisor", "Supervisor"
        MEMBER = "member", "Member"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    team_role = models.CharField(max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team__name", "worker__display_name"]
        constraints = [
            # One current membership per person per team; past ones stay as history.
            models.UniqueConstraint(
                fields=["team", "worker"], condition=Q(left_on__isnull=True), name="membership_one_current_per_team"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        indexes = [
            # caps().team_roles: a worker's active memberships.
            models.Index(fields=["worker", "team"], name="membership_worker_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} in {self.team} ({self.team_role})"
