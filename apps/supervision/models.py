"""Supervision agreements (who supervises whom, of which kind, how often) and the sessions
held under them. When supervision is due and in what state: see ``apps/supervision/state.py``."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from apps.core.dates import prose_date
from apps.core.models import TimeStampedModel
from apps.supervision.state import state_expression, state_rank_expression


class AgreementQuerySet(models.QuerySet):
    def active(self, on_date):
        """Agreements in force on ``on_date``: agreed to by both people (status ``active``),
        started, not yet ended.

        The status is what grants access: a proposed, declined or ended agreement is never in
        force, whatever its dates say, so backdating ``starts_on`` grants nothing without the
        supervisee's own consent (issue 13).
        """
        return self.filter(status=Agreement.Status.ACTIVE, starts_on__lte=on_date).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on_date)
        )

    def live(self):
        """Proposed or active: the agreements that hold a (supervisee, supervisor, kind) slot."""
        return self.filter(status__in=Agreement.LIVE_STATUSES)

    def with_state(self, today, lead_days=None, *, told=None):
        """Annotate ``state`` (and ``state_rank``, most urgent first) by the rule in ``state.py``;
        ``told``: for a viewer, the supervisees whose step-away they are told of (ids, or the
        subquery ``selectors.told_stepped_away``) — for the others it does not show as paused."""
        state = state_expression(today, lead_days, told=told)
        return self.annotate(state=state).annotate(state_rank=state_rank_expression())

    def with_supervisor_load(self, today):
        """Annotate ``supervisor_load``: how many people the supervisor supervises today
        (distinct supervisees of agreements in force, leavers not counted)."""
        load = (
            Agreement.objects.active(today)
            .filter(supervisor_id=OuterRef("supervisor_id"))
            .exclude(supervisee__status="left")
            .order_by()
            .values("supervisor_id")
            .annotate(n=Count("supervisee_id", distinct=True))
            .values("n")
        )
        return self.annotate(supervisor_load=Coalesce(Subquery(load, output_field=IntegerField()), 0))


class Agreement(TimeStampedModel):
    """A supervision contract between two workers (issue 13: supervision by consent).

    Whoever sets it up *proposes* it; it is in force (``active``) only once both the supervisee
    and the supervisor have agreed (``supervisee_accepted_at`` and ``supervisor_accepted_at``).
    A proposer who is one of the two people agrees by proposing. Either person may decline a
    proposal or end the agreement; managers of the supervisee's teams and org admins may end it.
    """

    class Kind(models.TextChoices):
        PEER = "peer", "Peer supervision"
        CLINICAL = "clinical", "Clinical supervision"
        LINE = "line", "Line management"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    LIVE_STATUSES = (Status.PROPOSED, Status.ACTIVE)

    # Not a column: annotated by ``with_supervisor_load`` (and set by ``agreement_create`` to
    # the load once its proposal is accepted), read by ``policies.supervisor_overloaded``.
    supervisor_load: int

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
    # "Request supervision now": when the supervisee last asked (one request a day), and when
    # that request was answered — a session recorded under the agreement, or the supervisor
    # marking it handled. A request is waiting while it is newer than its answer.
    last_requested_at = models.DateTimeField(null=True, blank=True)
    request_handled_at = models.DateTimeField(null=True, blank=True)
    # Consent (see the class docstring). Who accepted when; who declined or ended it, when.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    supervisee_accepted_at = models.DateTimeField(null=True, blank=True)
    supervisor_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(supervisee=models.F("supervisor")), name="agreement_not_self"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
            # At most one live (proposed or active) agreement of a kind per pair: a second would
            # double every reminder. The service checks first for a friendly message; this index
            # decides races (concurrent identical creates: one wins, the others get a 400).
            models.UniqueConstraint(
                fields=["supervisee", "supervisor", "kind"],
                condition=Q(status__in=["proposed", "active"]),
                name="agreement_one_live_per_pair_kind",
            ),
            # In force only with both people's consent.
            models.CheckConstraint(
                condition=~Q(status="active")
                | (Q(supervisee_accepted_at__isnull=False) & Q(supervisor_accepted_at__isnull=False)),
                name="agreement_active_needs_both_consents",
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

    @property
    def request_waiting(self) -> bool:
        """Has the supervisee asked for supervision, and nobody answered yet (no session recorded
        since, not marked handled)?"""
        asked, answered = self.last_requested_at, self.request_handled_at
        return asked is not None and (answered is None or answered < asked)

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def terms(self) -> str:
        """A fingerprint of what a person agrees to (the kind, how often, from and until).

        The accept form and API send the fingerprint of the terms the person read, so an
        acceptance never applies to terms changed while they were reading (issue 13)."""
        raw = f"{self.kind}|{self.frequency_days}|{self.starts_on}|{self.ends_on}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def awaits(self, user) -> bool:
        """Is this a proposal still waiting for ``user``'s answer (as supervisee or supervisor)?"""
        if self.status != self.Status.PROPOSED:
            return False
        if user.pk == self.supervisee_id:
            return self.supervisee_accepted_at is None
        if user.pk == self.supervisor_id:
            return self.supervisor_accepted_at is None
        return False

    @property
    def supervisor_has_lived_experience(self) -> bool:
        """Peer supervision by someone with lived experience keeps peer practice distinct (seed 003)."""
        return self.supervisor.worker_kind == self.supervisor.WorkerKind.PEER


class SupervisionSession(TimeStampedModel):
    """One supervision meeting, under one agreement or (a group session) several.

    The supervisee(s) read the record; managers and org admins see only its effect on the
    agreements' state. Recording, changing or deleting a session moves ``next_due_on`` of
    every agreement it covers (``apps.supervision.services``).
    """

    class Function(models.TextChoices):
        NORMATIVE = "normative", "Normative (standards, accountability)"
        FORMATIVE = "formative", "Formative (learning, skills)"
        RESTORATIVE = "restorative", "Restorative (support, wellbeing)"

    # What the recorder may correct afterwards (the agreements covered are fixed); the API
    # shows them in this order.
    EDITABLE_FIELDS = (
        "held_on",
        "duration_minutes",
        "topics",
        "functions",
        "values_check",
        "boundary_notes",
        "agreed_actions",
    )

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    agreements = models.ManyToManyField(Agreement, related_name="sessions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(480)])
    topics = models.TextField(max_length=5000, blank=True)
    # A list of Function values (JSON so that it works on SQLite as well as PostgreSQL).
    functions = models.JSONField(default=list)
    # Optional peer-values check, recorded jointly in the session about how the organisation
    # and the team let the values be lived (issue 18, item 4; ``apps.supervision.values``):
    # {"answers": {value key: "lived_well"|"in_the_way"|"not_discussed"},
    #  "organisation_could_change": str, "agreed_together": true}.
    values_check = models.JSONField(null=True, blank=True)
    # The earlier check, kept readable as it was recorded (before issue 18): the supervisor's
    # {value key: {"status": "upheld"|"concern", "note": str}} about the supervisee. Never
    # written again and never shown as joint.
    legacy_values_check = models.JSONField(null=True, blank=True, editable=False)
    boundary_notes = models.ManyToManyField("boundaries.BoundaryNote", blank=True, related_name="sessions")
    agreed_actions = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [
            # a supervisor's recorded sessions, newest first (sessions list, page "my sessions").
            models.Index(fields=["recorded_by", "-held_on"], name="session_recorder_idx"),
        ]

    def __str__(self):
        return f"Supervision on {prose_date(self.held_on)}"


class PlannedSession(TimeStampedModel):
    """A supervision meeting planned ahead under one agreement in force or (a group session)
    several agreements of one supervisor (issue 16, part 3).

    Every person it covers — the supervisor and the supervisees of its agreements, nobody else —
    is sent a calendar invitation (``apps.supervision.invitations``); ``sequence`` rises on every
    change, so calendars replace the earlier version (RFC 5545 ``SEQUENCE``), and cancelling sends
    ``METHOD:CANCEL``. Once it has happened the supervisor marks it held: that records the
    :class:`SupervisionSession` (``held_session``) and moves the due dates as any recorded
    session does. Only times, places and names: never anything from a session's content.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    EDITABLE_FIELDS = ("starts_at", "duration_minutes", "location", "video_url")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    agreements = models.ManyToManyField(Agreement, related_name="planned_sessions")
    # The supervisor of every agreement covered: the meeting's ORGANIZER.
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(480)])
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    # RFC 5545 SEQUENCE: 0 when first sent, raised by one on every change and on cancelling.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    held_session = models.OneToOneField(
        SupervisionSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            # the supervisor's planned sessions and feed, by time.
            models.Index(fields=["supervisor", "starts_at"], name="planned_supervisor_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480), name="planned_duration_range"
            ),
        ]

    def __str__(self):
        return f"Planned supervision at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def uid(self) -> str:
        """The iCalendar ``UID``: the same for every version and the cancellation."""
        return f"planned-session-{self.pk}@pspteam"
