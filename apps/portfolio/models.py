"""A worker's portfolio: records they link as evidence for a competency (issue 17)."""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class EvidenceLink(TimeStampedModel):
    """ "This record is evidence for that competency", said by the worker it belongs to.

    ``kind`` names an evidence kind (``apps.portfolio.evidence``) and ``object_id`` the record of
    that kind. Linking changes nothing about who may read the record: every reader's view of
    the map goes through the kind's own read rule. A link whose record is gone (deleted, or no
    longer the worker's to link) is left out of the map and removed by the daily retention run.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence_links")
    # Competencies are retired, never deleted (assessments refer to them): PROTECT as they do.
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    object_id = models.UUIDField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "competency", "kind", "object_id"], name="evidence_link_unique"),
        ]
        indexes = [
            # the evidence map: one worker's links (the unique index above leads with worker too,
            # but this one also serves "links of a worker, newest first" for the export).
            models.Index(fields=["worker", "-created_at"], name="evidence_link_worker_idx"),
            # a record's page: "linked as evidence for ..." and the orphan sweep, by record.
            models.Index(fields=["kind", "object_id"], name="evidence_link_object_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} → {self.competency_id}"

    @property
    def author(self):
        return self.worker
