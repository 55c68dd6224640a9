"""Boundary notes: a peer worker's own account of a boundary situation, reviewed by a supervisor.

Among the most sensitive records in pspteam. Only the author and the author's supervisors
(under an active agreement) ever read the text; managers and org admins see counts and
states. Notes never identify a service user.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class BoundaryNote(TimeStampedModel):
    class Category(models.TextChoices):
        SELF_DISCLOSURE = "self_disclosure", "Self-disclosure"
        DUAL_RELATIONSHIP = "dual_relationship", "Dual relationship"
        GIFTS = "gifts", "Gifts"
        CONTACT_OUTSIDE_WORK = "contact_outside_work", "Contact outside work"
        ROLE_DRIFT = "role_drift", "Asked to do non-peer work"
        CONFIDENTIALITY = "confidentiality", "Confidentiality"
        OWN_WELLBEING = "own_wellbeing", "My own wellbeing"
        OTHER = "other", "Other"

    # "How soon would you like to talk this through?" (issue 15, item 12): the stored values
    # stay low/medium/high (the API's enum, the supervisor's queue order); the words are the
    # author's wish for a conversation, never a rating of risk.
    class Risk(models.TextChoices):
        LOW = "low", "Whenever suits"
        MEDIUM = "medium", "This week"
        HIGH = "high", "Soon"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a reply"
        REVIEWED = "reviewed", "Replied"
        CLOSED = "closed", "Done for now"

    # A plan for sharing one's own lived experience (issue 18, item 6), all optional, as private
    # as the note: purpose; in whose interest; what and how much; ask, share, ask; support after.
    DISCLOSURE_PLAN_FIELDS = (
        "plan_purpose",
        "plan_whose_interest",
        "plan_what_and_how_much",
        "plan_ask_share_ask",
        "plan_support_after",
    )
    # The fields the author writes; frozen once the note is reviewed.
    TEXT_FIELDS = (
        "occurred_on",
        "category",
        "situation",
        "what_i_shared",
        "reasoning",
        "risk",
        *DISCLOSURE_PLAN_FIELDS,
    )

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boundary_notes")
    occurred_on = models.DateField()
    category = models.CharField(max_length=32, choices=Category.choices)
    situation = models.TextField(max_length=5000)
    what_i_shared = models.TextField(max_length=5000, blank=True)
    reasoning = models.TextField(max_length=5000, blank=True)
    plan_purpose = models.TextField(max_length=2000, blank=True)
    plan_whose_interest = models.TextField(max_length=2000, blank=True)
    plan_what_and_how_much = models.TextField(max_length=2000, blank=True)
    plan_ask_share_ask = models.TextField(max_length=2000, blank=True)
    plan_support_after = models.TextField(max_length=2000, blank=True)
    # No default: the author always chooses (issue 15, item 10).
    risk = models.CharField(max_length=8, choices=Risk.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField()
    # The review: written once by a supervisor of the author.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(max_length=5000, blank=True)
    follow_up_needed = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The supervisors the author named (``apps.core.sharing``): they read and review the note
    # while they supervise the author. Line management reads nothing unless named here.
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewed_at__isnull=False),
                name="boundary_note_reviewed_has_review_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="boundary_note_closed_has_close_time",
            ),
        ]
        indexes = [
            # "my notes": an author's notes, newest first.
            models.Index(fields=["author", "-submitted_at"], name="boundary_note_author_idx"),
            # the review queue and the review reminder: notes still awaiting review, oldest first.
            models.Index(fields=["submitted_at"], condition=Q(status="submitted"), name="boundary_note_awaiting_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} note by {self.author} ({self.status})"

    @property
    def has_disclosure_plan(self) -> bool:
        return any(getattr(self, field) for field in self.DISCLOSURE_PLAN_FIELDS)

    @property
    def is_reviewed(self) -> bool:
        return self.status != self.Status.SUBMITTED


class FollowUp(TimeStampedModel):
    """A later thought the author adds to a note (the note's own text is frozen once reviewed)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(BoundaryNote, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # a note's follow-ups in order.
            models.Index(fields=["note", "created_at"], name="boundary_followup_note_idx"),
        ]

    def __str__(self):
        return f"Follow-up on {self.note_id}"
