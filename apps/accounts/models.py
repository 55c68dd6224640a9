"""Organisations (the tenant) and the people who sign in (workers)."""

import zoneinfo
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.accounts import names
from apps.core.hours import hours_text
from apps.core.models import TimeStampedModel, UUIDModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/London).")


class Organisation(TimeStampedModel):
    """The tenant. Every record belongs to exactly one; nothing crosses organisations."""

    name = models.CharField(max_length=200, unique=True)
    time_zone = models.CharField(max_length=64, default="Europe/London", validators=[validate_time_zone])
    # When an org admin last saved the time zone on the organisation page: the default may be
    # wrong for them, so a new organisation's set-up checklist asks them to check it.
    time_zone_checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class WorkerQuerySet(models.QuerySet):
    def in_org(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def receiving_reminders(self):
        """Stepped-away and left workers get no reminders and nothing about them escalates."""
        return self.filter(status=User.Status.ACTIVE, is_active=True)


class WorkerManager(UserManager.from_queryset(WorkerQuerySet)):  # type: ignore[misc]  # the stubs' plugin cannot follow from_queryset on UserManager
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
    # Derived from username / display_name in save() (see apps/accounts/names.py): the unique
    # constraints below on these keys are what refuse look-alike names under any concurrency.
    username_key = models.CharField(max_length=600, editable=False)
    display_name_key = models.CharField(max_length=600, editable=False)
    worker_kind = models.CharField(max_length=16, choices=WorkerKind.choices, default=WorkerKind.PEER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    contracted_hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    # From the organisation's HR system (issue 16): the key staff imports match people on, with
    # their e-mail address. Blank for people added by hand; unique per organisation when set.
    employee_number = models.CharField(max_length=40, blank=True, default="")
    job_title = models.CharField(max_length=200, blank=True, default="")
    is_org_admin = models.BooleanField(default=False)
    stepped_away_until = models.DateField(null=True, blank=True)
    # When the person first held credentials nobody else knows: a password they chose through a
    # link sent to them (set-password or reset), or a single sign-on. A password typed by whoever
    # created the account does not count, nor does changing it (whoever typed it can change it).
    # Team voice counts only such people, so that accounts made up by others cannot be used to
    # out-vote or subtract a real member's answer (apps/voice/README.md).
    own_credentials_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[WorkerManager] = WorkerManager()

    class Meta:
        ordering = ["display_name", "username"]
        indexes = [
            # workers_visible_to(): an org's workers listed by name.
            models.Index(fields=["organisation", "display_name"], name="user_org_name_idx"),
        ]
        constraints = [
            # Usernames are unique on their NFKC-casefolded, confusable-folded skeleton.
            models.UniqueConstraint(fields=["username_key"], name="user_username_key_unique"),
            # Nobody shares a display name (the same skeleton) with a current colleague; people
            # who left (and erased accounts, all "Erased worker") do not hold their name.
            models.UniqueConstraint(
                fields=["organisation", "display_name_key"],
                condition=~Q(status="left"),
                name="user_display_name_key_unique_per_org",
            ),
            # Staff imports key on it: one person per employee number in an organisation.
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                condition=~Q(employee_number=""),
                name="user_employee_number_unique_per_org",
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    def clean(self):
        super().clean()  # NFKC-normalises the username
        self.display_name = names.clean_display_name(self.display_name)

    def fill_name_keys(self) -> None:
        """Set the derived keys the unique constraints hold (bulk inserts call this themselves)."""
        key = names.username_key(self.username)
        # Look-alikes that existed before the rule keep a private suffix (migration 0004) while
        # their username stays the same.
        if (self.username_key or "").split("\n")[0] != key:
            self.username_key = key
        self.display_name_key = names.display_name_key(self.display_name or self.username)

    def save(self, *args, **kwargs):
        # The keys are derived columns, recomputed on every save so that every path that
        # writes a name (services, createsuperuser, the admin, factories) keeps them in step.
        self.fill_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"username", "display_name", "status"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "username_key", "display_name_key"}
        super().save(*args, **kwargs)

    @property
    def is_peer(self) -> bool:
        return self.worker_kind == self.WorkerKind.PEER

    # Contracted hours: 0 means "no contracted hours" (bank, sessional or zero-hours work), an
    # explicit choice on the People page. Such a worker has no contract to be over: their roles'
    # hours are shown, never flagged as over-allocated (issue 15, item 2).
    @property
    def has_contracted_hours(self) -> bool:
        return bool(self.contracted_hours_per_week)

    def is_over_contract(self, assigned_hours) -> bool:
        """The one over-allocation rule (assign form, team pages, dashboard, API)."""
        return self.has_contracted_hours and assigned_hours > self.contracted_hours_per_week

    @property
    def contracted_hours_label(self) -> str:
        """ "22.5 hours a week", or "No contracted hours"."""
        if not self.has_contracted_hours:
            return "No contracted hours"
        return f"{hours_text(self.contracted_hours_per_week)} a week"

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


class TokenSignIn(models.Model):
    """How an API token was obtained: whether a second factor (TOTP) was used. Read with the
    token on every request (one join, no extra query), so that a token issued without one stops
    working the moment its user's role starts to require it (``apps.accounts.two_factor``).
    A token without this row (older, or made outside the token endpoint) counts as without."""

    token = models.OneToOneField("knox.AuthToken", on_delete=models.CASCADE, primary_key=True, related_name="sign_in")
    second_factor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"token sign-in ({'two factors' if self.second_factor else 'password only'})"
