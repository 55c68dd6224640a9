"""Competency frameworks (data), self-assessments with their sign-offs, and training records."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel, UUIDModel


class Framework(TimeStampedModel):
    """A named list of competencies grouped in domains, loaded from a data file.

    ``organisation`` is NULL for a framework shipped with pspteam: it is visible in every
    organisation without anyone loading it. An organisation's own frameworks carry its id.
    The natural key is (organisation, slug): loading the same file again updates in place.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    source = models.TextField(help_text="Who wrote it and which public frameworks informed it.")
    description = models.TextField(blank=True)
    # Where the framework comes from and under which terms it may be used (shown on the pages
    # and in the API): the publication's title, publisher, year and address, and the licence.
    source_title = models.CharField(max_length=300, blank=True)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Two partial constraints because NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                condition=Q(organisation__isnull=False),
                name="framework_unique_slug_per_org",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(organisation__isnull=True), name="framework_unique_slug_shipped"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None


class FrameworkChoice(TimeStampedModel):
    """A framework an organisation's roles use (issue 17). With no row for an organisation, the
    default holds: the framework shipped with pspteam and the organisation's own frameworks
    (``selectors.frameworks_in_use``)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["framework__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "framework"], name="framework_choice_unique"),
        ]

    def __str__(self):
        return f"{self.framework_id} in use by {self.organisation_id}"


class Domain(UUIDModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    # The public frameworks and guidance that informed this domain, with their licences (issue
    # 18): the shipped file paraphrases them in pspteam's own words and copies no text.
    informed_by = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="domain_unique_code")]

    def __str__(self):
        return self.title


class Competency(UUIDModel):
    class Level(models.TextChoices):
        FOUNDATION = "foundation", "Foundation"
        PRACTITIONER = "practitioner", "Practitioner"
        ADVANCED = "advanced", "Advanced"

    class Kind(models.TextChoices):
        # The worker's practice: self-assessed, signed off by the assessor they chose.
        PRACTICE = "practice", "Practice"
        # The worker's own wellbeing: self-assessed for themselves alone, never signed off and
        # never shown to anyone else (managers and supervisors included).
        WELLBEING = "wellbeing", "Own wellbeing"
        # What the organisation must provide: recorded for a team or the organisation by its
        # managers and org admins (OrganisationalStatus), never assessed of a worker.
        ORGANISATIONAL = "organisational", "Organisational"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField()
    level = models.CharField(max_length=16, choices=Level.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PRACTICE)
    position = models.PositiveSmallIntegerField(default=0)
    # A competency dropped from a newer file is retired, never deleted: assessments refer to it.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["framework", "domain__position", "position"]
        verbose_name_plural = "competencies"
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="competency_unique_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Assessment(TimeStampedModel):
    """A worker's self-assessment of one competency. Never edited after a supervisor decided on it:
    a new assessment is a new row, so the history is kept and the current one is the latest."""

    class Level(models.TextChoices):
        NOT_YET = "not_yet", "Not yet"
        DEVELOPING = "developing", "Developing"
        COMPETENT = "competent", "Competent"

    class State(models.TextChoices):
        AWAITING = "awaiting_sign_off", "Awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        MORE_EVIDENCE = "more_evidence", "More evidence asked for"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competency_assessments"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.CharField(max_length=16, choices=Level.choices)
    # Kept by the sign-off service: the latest decision on this assessment.
    state = models.CharField(max_length=20, choices=State.choices, default=State.AWAITING)
    # Exactly one current assessment per worker and competency (the partial constraint below);
    # the assessment service clears the previous one in the same transaction.
    is_current = models.BooleanField(default=True)
    # The worker's own reflections only (checked by the services). Citing one changes nothing
    # about who may read it: every reader's view of the evidence goes through the reflections'
    # own read rule (selectors.evidence_visible_to).
    evidence = models.ManyToManyField("reflections.Reflection", blank=True, related_name="cited_by_assessments")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "competency"], condition=Q(is_current=True), name="assessment_one_current"
            ),
        ]
        indexes = [
            # my progress / a supervisee's or a team's states: current assessments of some workers.
            models.Index(fields=["worker", "is_current"], name="assessment_worker_current_idx"),
            # the history of one competency for one worker, newest first.
            models.Index(fields=["worker", "competency", "-created_at"], name="assessment_history_idx"),
        ]

    def __str__(self):
        return f"{self.worker} — {self.competency.code}: {self.level}"

    @property
    def author(self):
        return self.worker

    @property
    def is_locked(self) -> bool:
        """Signed off: locked with the verifier's name, role and date; a change is a new assessment."""
        return self.state == self.State.SIGNED_OFF

    @property
    def lock(self) -> "SignOff | None":
        """The sign-off that locked it (from the prefetched ``sign_offs`` when there are)."""
        if not self.is_locked:
            return None
        return next((s for s in self.sign_offs.all() if s.decision == SignOff.Decision.SIGNED_OFF), None)


class RoleRequirementSet(TimeStampedModel):
    """The competencies one version of a role definition requires.

    Kept on this side so that ``apps.roles`` needs no change. A version without its own set
    inherits the set of the nearest earlier version of the same lineage (see
    ``selectors.effective_requirement_sets``), so a new draft starts with its predecessor's
    requirements and changing them never rewrites what an earlier version required.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    role_definition = models.OneToOneField(
        "roles.RoleDefinition", on_delete=models.CASCADE, related_name="competency_requirements"
    )
    # Copies of the definition's lineage and version (both immutable there) for the lookup below.
    lineage = models.UUIDField()
    version = models.PositiveIntegerField()
    competencies = models.ManyToManyField(Competency, blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["lineage", "-version"]
        indexes = [
            # effective_requirement_sets(): the latest set at or below a version of each lineage.
            models.Index(fields=["lineage", "-version"], name="reqset_lineage_version_idx"),
        ]

    def __str__(self):
        return f"Requirements of {self.role_definition_id}"


class SignOff(TimeStampedModel):
    """A supervisor's decision on an assessment. Every decision is a row (history)."""

    class Decision(models.TextChoices):
        SIGNED_OFF = "signed_off", "Signed off"
        MORE_EVIDENCE = "more_evidence", "More evidence needed"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sign_offs")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=16, choices=Decision.choices)
    comment = models.TextField(blank=True)
    # The verifier as they were when they decided (issue 17, part 4): a later change of name,
    # a role that ends, or an erased account never rewrites what a signed-off assessment says.
    reviewer_name = models.CharField(max_length=200, blank=True)
    reviewer_role = models.CharField(max_length=80, blank=True)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # an assessment's decisions, newest first (prefetched with the assessment).
            models.Index(fields=["assessment", "-created_at"], name="signoff_assessment_idx"),
        ]

    def __str__(self):
        return f"{self.decision} by {self.reviewer_name or self.reviewer}"


class AssessorChoice(TimeStampedModel):
    """The supervisor a worker chose to sign off their competencies (issue 18). Only the worker
    sets it (``services.assessor_choose``); only the chosen person, while they still supervise
    the worker, signs off. Without a row the default holds: the worker's one peer supervisor,
    unless that person manages one of the worker's teams (``selectors.assessor_of``)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            # the sign-off queue: the workers who chose this assessor.
            models.Index(fields=["assessor"], name="assessor_choice_assessor_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(worker=models.F("assessor")), name="assessor_not_self"),
        ]

    def __str__(self):
        return f"{self.assessor_id} assesses {self.worker_id}"


class OrganisationalStatus(TimeStampedModel):
    """Where a team (or, with no team, the whole organisation) stands on one organisational
    competence: what the organisation must provide its peer workers (issue 18). Recorded by the
    team's managers or an org admin; read by everyone in the team (the organisation's rows by
    everyone in it). Never edited: a new record is a new row and the latest is current."""

    class Status(models.TextChoices):
        NOT_IN_PLACE = "not_in_place", "Not in place"
        PARTLY = "partly", "Partly in place"
        IN_PLACE = "in_place", "In place"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="organisational_statuses")
    status = models.CharField(max_length=16, choices=Status.choices)
    # Seen by every peer worker of the team: what is in place and what is planned, not about a person.
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "organisational statuses"
        constraints = [
            # One current record per competency for a team, and per competency for the organisation
            # (two partial constraints: NULL teams are distinct in a plain unique constraint).
            models.UniqueConstraint(
                fields=["team", "competency"],
                condition=Q(is_current=True, team__isnull=False),
                name="orgstatus_one_current_team",
            ),
            models.UniqueConstraint(
                fields=["organisation", "competency"],
                condition=Q(is_current=True, team__isnull=True),
                name="orgstatus_one_current_org",
            ),
        ]
        indexes = [
            # the organisational page and API: the current records of an organisation, newest first.
            models.Index(fields=["organisation", "is_current", "-created_at"], name="orgstatus_current_idx"),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.status}"


def certificate_upload_to(instance, filename):
    """A random name: the original file name (kept in ``certificate_name``) never reaches the storage."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.certificate_content_type, "bin"
    )
    return f"training-certificates/{instance.organisation_id}/{uuid.uuid4().hex}.{extension}"


class TrainingRecord(TimeStampedModel):
    class State(models.TextChoices):
        CURRENT = "current", "Current"
        EXPIRING = "expiring", "Expiring soon"
        EXPIRED = "expired", "Expired"
        NO_EXPIRY = "no_expiry", "Does not expire"

    EXPIRING_WITHIN_DAYS = 30

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    # How long the course took, for credential hours (issue 17, part 3); empty when not known.
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
    )
    certificate = models.FileField(upload_to=certificate_upload_to, blank=True, max_length=200)
    certificate_name = models.CharField(max_length=200, blank=True)
    certificate_content_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-completed_on", "course"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("completed_on")),
                name="training_expires_after_completed",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | (Q(hours__gte=0) & Q(hours__lte=500)),
                name="training_hours_in_range",
            ),
        ]
        indexes = [
            # "my training records" and a supervisee's / team's records.
            models.Index(fields=["worker", "-completed_on"], name="training_worker_idx"),
            # the reminder scan: records expiring within 30 days or expired.
            models.Index(fields=["expires_on"], name="training_expires_idx", condition=Q(expires_on__isnull=False)),
        ]

    def __str__(self):
        return f"{self.course} ({self.worker})"

    @property
    def author(self):
        return self.worker

    @property
    def hours_display(self) -> str:
        return "" if self.hours is None else f"{self.hours.normalize():f}"

    def state_on(self, today) -> str:
        if self.expires_on is None:
            return self.State.NO_EXPIRY
        if self.expires_on < today:  # valid through the day it expires on
            return self.State.EXPIRED
        if (self.expires_on - today).days <= self.EXPIRING_WITHIN_DAYS:
            return self.State.EXPIRING
        return self.State.CURRENT
