"""External raters (issue 17, part 5): a worker asks someone without an account for feedback.

The link's token is 256 random bits, shown once in the e-mail and stored only as its SHA-256
(``token_digest``): a reader of the database cannot answer in a rater's name. An invitation is
*open* until it is submitted, revoked or past ``expires_at``; then its link answers with a
friendly "this link no longer works" page, never the form.

The answers go to the worker first: nobody else reads them unless the worker accepts them as
evidence (``decision``), and then only under the portfolio's rules.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.models import TimeStampedModel, UUIDModel


class Invitation(TimeStampedModel):
    class Relationship(models.TextChoices):
        CLINICAL_COLLEAGUE = "clinical_colleague", "A clinical colleague"
        PEER_OTHER_SERVICE = "peer_other_service", "A peer worker from another service"
        TRAINER = "trainer", "A trainer or educator"
        OTHER = "other", "Someone else I work with"

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        ACCEPTED = "accepted", "Added to my portfolio as evidence"
        KEPT_PRIVATE = "kept_private", "Kept private to me"
        DELETED = "deleted", "Deleted"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        SUBMITTED = "submitted", "Answered"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rater_invitations")
    rater_name = models.CharField(max_length=120)
    rater_email = models.EmailField(max_length=254)
    relationship = models.CharField(max_length=24, choices=Relationship.choices)
    competencies = models.ManyToManyField("competencies.Competency", related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    viewed_at = models.DateTimeField(null=True, blank=True)  # the rater first opened the page
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # the worker first read the answers
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # invitations_of(worker) newest first, and the per-worker daily rate limit.
            models.Index(fields=["worker", "-created_at"], name="rater_inv_worker_recent_idx"),
            # the per-address rate limit: invitations to one (lower-cased) address in the window.
            models.Index(fields=["rater_email", "created_at"], name="rater_inv_email_recent_idx"),
        ]

    def __str__(self):
        return f"Feedback invitation {self.pk}"

    @property
    def author_id(self):
        """Whose record it is, for the audit trail (``audit_read``)."""
        return self.worker_id

    def state_at(self, now=None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.submitted_at is not None:
            return self.State.SUBMITTED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.OPEN

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Answer(UUIDModel):
    """One competency's answer: how often the rater saw it, and an optional short comment."""

    class Observed(models.TextChoices):
        NOT_OBSERVED = "not_observed", "Not observed"
        SOMETIMES = "sometimes", "Sometimes"
        OFTEN = "often", "Often"
        CONSISTENTLY = "consistently", "Consistently"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.CASCADE, related_name="+")
    observed = models.CharField(max_length=16, choices=Observed.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["competency__framework__name", "competency__position"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "competency"], name="rater_answer_one_per_competency")
        ]

    def __str__(self):
        return f"Answer {self.pk}"
