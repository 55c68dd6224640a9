"""Retention of feedback invitations (run daily by ``apps.audit.tasks.enforce_retention``).

``RATER_INVITATION_RETENTION_DAYS`` (default 90) after a link stopped working:

* an invitation that expired unanswered, was withdrawn, or was answered and its answers deleted
  by the worker is deleted, with the rater's name and address;
* feedback the worker kept (accepted as evidence, or kept private) stays theirs, but the rater's
  e-mail address, needed only to send the link and count invitations per address, is cleared.

Feedback the worker has not decided about yet is left alone. Each change is audited (no content).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record, delete_past_retention
from apps.raters.models import Invitation


def cutoff():
    return timezone.now() - timedelta(days=settings.RATER_INVITATION_RETENTION_DAYS)


@transaction.atomic
def enforce() -> int:
    before = cutoff()
    unanswered = Q(submitted_at__isnull=True) & (
        Q(revoked_at__lt=before) | Q(revoked_at__isnull=True, expires_at__lt=before)
    )
    answers_deleted = Q(decision=Invitation.Decision.DELETED, decided_at__lt=before)
    gone = (
        Invitation.objects.select_for_update(skip_locked=True)
        .select_related("worker")
        .filter(unanswered | answers_deleted)
    )
    changed = delete_past_retention(gone, detail="feedback invitation past retention")
    kept = (
        Invitation.objects.select_for_update(skip_locked=True)
        .select_related("worker")
        .filter(
            decision__in=[Invitation.Decision.ACCEPTED, Invitation.Decision.KEPT_PRIVATE],
            decided_at__lt=before,
        )
        .exclude(rater_email="")
    )
    for invitation in kept:
        invitation.rater_email = ""
        invitation.save(update_fields=["rater_email", "updated_at"])
        audit_record(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            target=invitation,
            subject=invitation.worker,
            detail="rater's address cleared past retention",
        )
        changed += 1
    return changed
