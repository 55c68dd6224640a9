"""Job role definitions (versioned, with tagged duties) and who holds which version.

A *role definition* is what a job in a team is. It is versioned: every version is its own
row sharing a ``lineage`` id. Only a draft is edited in place; editing a published
version creates the next version as a new draft row, so the published text an
assignment was made on never changes under it. Publishing a version retires the
previously published version of the same lineage (no new assignments to it), but its
assignments keep pointing at it.

Not to be confused with *membership* team roles (manager / supervisor / member) in
``apps.teams`` and ``apps.core.capabilities``.
"""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel, UUIDModel

MIN_HOURS, MAX_HOURS = Decimal("0.5"), Decimal("80")
HOURS_VALIDATORS = [MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)]
LIVED_EXPERIENCE_MAX, LIVED_EXPERIENCE_ITEM_MAX = 20, 300


class RoleDefinitionQuerySet(models.QuerySet["RoleDefinition"]):
    def published(self) -> "RoleDefinitionQuerySet":
        return self.filter(status=RoleDefinition.Status.PUBLISHED)


class RoleDefinition(TimeStampedModel):
    class Kind(models.TextChoices):
        PEER = "peer", "Peer"
        CLINICAL = "clinical", "Clinical"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="role_definitions")
    # Shared by every version of the same role; ``version`` counts from 1 within it.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    purpose = models.TextField(blank=True, max_length=5000)
    boundaries = models.TextField(blank=True, max_length=5000)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS)
    # The lived-experience expertise the role calls on (issue 18, item 3), not only its duties:
    # short phrases in the team's own words, e.g. "experience of using mental health services".
    # A JSON list, not a PostgreSQL array: the embedded default runs on SQLite. At most
    # LIVED_EXPERIENCE_MAX items of LIVED_EXPERIENCE_ITEM_MAX characters (the services check).
    lived_experience = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RoleDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            # Version numbers are unique within a lineage (also the lineage's version-history index).
            models.UniqueConstraint(fields=["lineage", "version"], name="roledef_lineage_version_unique"),
            # At most one draft per lineage: the next version being written.
            models.UniqueConstraint(
                fields=["lineage"], condition=Q(status="draft"), name="roledef_one_draft_per_lineage"
            ),
            # At most one published (current) version per lineage.
            models.UniqueConstraint(
                fields=["lineage"], condition=Q(status="published"), name="roledef_one_published_per_lineage"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_HOURS) & Q(hours_per_week__lte=MAX_HOURS),
                name="roledef_hours_range",
            ),
        ]
        indexes = [
            # role_definitions_visible_to() filtered by team and status (role list, overlap report, assign form).
            models.Index(fields=["team", "status"], name="roledef_team_status_idx"),
            # the org admin's role list: an organisation's definitions.
            models.Index(fields=["organisation", "title"], name="roledef_org_title_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_retired(self) -> bool:
        return self.status == self.Status.RETIRED


class Duty(UUIDModel):
    class Category(models.TextChoices):
        PEER_DISTINCT = "peer_distinct", "Peer-distinct"
        SHARED = "shared", "Shared"
        CLINICAL_ONLY = "clinical_only", "Clinical only"

    role_definition = models.ForeignKey(RoleDefinition, on_delete=models.CASCADE, related_name="duties")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=500)
    category = models.CharField(max_length=16, choices=Category.choices)

    class Meta:
        # Position only: ordering through the definition would add a join to every duty query.
        ordering = ["position"]
        verbose_name_plural = "duties"
        constraints = [
            # Duties are an ordered list; the unique index also serves "a definition's duties in order".
            models.UniqueConstraint(fields=["role_definition", "position"], name="duty_position_unique"),
        ]

    def __str__(self) -> str:
        return self.description


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self, on_date: date) -> "AssignmentQuerySet":
        """Assignments in force on ``on_date`` (``ends_on`` is the last day held)."""
        return self.filter(starts_on__lte=on_date).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on_date))

    def not_ended(self, on_date: date) -> "AssignmentQuerySet":
        """In force on ``on_date`` or starting later: what a worker holds from now on."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on_date))


class Assignment(TimeStampedModel):
    """A worker holds one published version of a role definition in its team."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    # PROTECT: a version that anyone ever held is history and is never deleted.
    role_definition = models.ForeignKey(RoleDefinition, on_delete=models.PROTECT, related_name="assignments")
    # Always the definition's team (denormalised so team pages need no join through definitions).
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="role_assignments")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS)
    # Set by the worker only (apps.roles.services.assignment_acknowledge).
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_HOURS) & Q(hours_per_week__lte=MAX_HOURS),
                name="assignment_hours_range",
            ),
        ]
        indexes = [
            # a worker's assignments: "my roles", the my-day panel and the assigned-hours sum.
            models.Index(fields=["worker", "starts_on"], name="assignment_worker_idx"),
            # the team role overview and team panel: a team's assignments.
            models.Index(fields=["team", "starts_on"], name="assignment_team_idx"),
            # the reminder scan: unacknowledged assignments by age (ACKNOWLEDGE_DAYS after creation).
            models.Index(
                fields=["created_at"], condition=Q(acknowledged_at__isnull=True), name="assignment_unacked_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} as {self.role_definition}"

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    def has_ended_by(self, day: date) -> bool:
        return self.ends_on is not None and self.ends_on < day


class AssignmentComment(TimeStampedModel):
    """A question or comment on an assignment before (or after) the worker agrees to it: the
    worker asks, the team's managers answer (issue 15, items 11-12: a role is proposed, not
    imposed). Read by the worker and by whoever may read the assignment; never by teammates."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        CHANGE_REQUEST = "change_request", "Asks for a change"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=2000)
    # What the worker is doing: asking, or asking for a change before they agree (issue 18, item 3).
    # Managers' answers are questions too (the default; existing rows became questions).
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.QUESTION)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # an assignment's conversation, oldest first.
            models.Index(fields=["assignment", "created_at"], name="assignment_comment_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.assignment_id}"


class Consultation(TimeStampedModel):
    """A peer worker the team's manager asked about a role definition version (issue 18, item 3:
    roles defined *with* peer workers, not for them). Asking opens the draft to the team's peer
    workers for comments. ``response`` is recorded by the worker themself, never by the manager
    (``services.consultation_respond``); empty while they have not answered."""

    class Response(models.TextChoices):
        AGREED = "agreed", "Agreed"
        RESERVATIONS = "agreed_with_reservations", "Agreed with reservations"
        DISAGREED = "did_not_agree", "Did not agree"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    role_definition = models.ForeignKey(RoleDefinition, on_delete=models.CASCADE, related_name="consultations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    response = models.CharField(max_length=32, choices=Response.choices, blank=True, editable=False)
    responded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # Asked once per version; also the index of "who was consulted on this version".
            models.UniqueConstraint(fields=["role_definition", "worker"], name="consultation_once_per_version"),
        ]
        indexes = [
            # the draft-visibility subquery: "versions I was asked about" / a worker's consultations.
            models.Index(fields=["worker", "role_definition"], name="consultation_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} consulted on {self.role_definition_id}"


class DefinitionComment(TimeStampedModel):
    """A peer worker's comment on a draft role definition, or a proposed change to its purpose,
    duties or lived-experience expertise. The team's managers accept or decline each, with a
    reason; the author is told (without the text). Read by the author and the team's managers."""

    class Proposes(models.TextChoices):
        NOTHING = "", "A comment (no change proposed)"
        PURPOSE = "purpose", "A change to the purpose (description)"
        DUTIES = "duties", "A change to the duties"
        LIVED_EXPERIENCE = "lived_experience", "A change to the lived-experience expertise"

    class Decision(models.TextChoices):
        OPEN = "", "Not decided yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    role_definition = models.ForeignKey(RoleDefinition, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=2000)
    proposes = models.CharField(max_length=16, choices=Proposes.choices, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True, editable=False)
    decision_reason = models.TextField(max_length=1000, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # a version's comments, oldest first.
            models.Index(fields=["role_definition", "created_at"], name="definition_comment_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.role_definition_id}"
