"""Role-drift snapshots (issue 18, item 2): how a worker's assigned hours divide between
peer-distinct, shared and clinical-only duties, one row per worker per organisation-local day.

Figures only (hours and counts): no duty text, no role title. Written by the reminder scan
(``services.snapshots_take``, from the ``role_drift`` rule) so the finding and the figure it
rests on come from the same moment.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from apps.core.models import UUIDModel

ZERO = Decimal("0")


class DriftSnapshot(UUIDModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drift_snapshots")
    taken_on = models.DateField()
    # The worker's kind on that day (peer, clinical, other): the peer direction and the reverse.
    worker_kind = models.CharField(max_length=16)
    peer_distinct_hours = models.DecimalField(max_digits=6, decimal_places=2, default=ZERO)
    shared_hours = models.DecimalField(max_digits=6, decimal_places=2, default=ZERO)
    clinical_only_hours = models.DecimalField(max_digits=6, decimal_places=2, default=ZERO)
    # The first day of the current spell under the threshold (peer workers only), else null: a
    # spell is one occurrence, so its finding is keyed by this date and sent once.
    below_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        ordering = ["-taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "taken_on"], name="drift_snapshot_worker_day_unique"),
        ]
        indexes = [
            # the scan's findings and the team indicators: the day's snapshots of an organisation.
            models.Index(fields=["organisation", "taken_on"], name="drift_snapshot_org_day_idx"),
        ]

    def __str__(self) -> str:
        return f"Role drift snapshot {self.taken_on}"

    @property
    def total_hours(self) -> Decimal:
        return self.peer_distinct_hours + self.shared_hours + self.clinical_only_hours

    def share(self, part: Decimal) -> int | None:
        """``part`` as a whole percentage of the hours with tagged duties (None without any)."""
        total = self.total_hours
        return None if total <= 0 else int((part * 100 / total).quantize(Decimal("1")))

    @property
    def peer_distinct_share(self) -> int | None:
        return self.share(self.peer_distinct_hours)

    @property
    def shared_share(self) -> int | None:
        return self.share(self.shared_hours)

    @property
    def clinical_only_share(self) -> int | None:
        return self.share(self.clinical_only_hours)
