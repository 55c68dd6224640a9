"""Retention of uploaded HR files (``IMPORT_RETENTION_DAYS``, enforced daily by
``apps.audit.tasks.enforce_retention``). A file that was checked but never applied holds
people's names, addresses, hours and dates that nobody acted on; an applied run's row-by-row
results hold the same. After the period, an unapplied run is deleted and an applied run keeps
only its counts (who imported what, and how many, stays in the audit trail)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.imports.models import ImportRun


@transaction.atomic
def import_files_retention_run(*, now: datetime | None = None) -> int:
    """Delete unapplied runs uploaded before the cutoff and empty applied runs' row results;
    returns how many runs it touched. Runs the worker is busy with are left alone."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_RETENTION_DAYS)
    old = ImportRun.objects.select_for_update().filter(created_at__lt=cutoff)
    unapplied = list(
        old.exclude(status__in=[ImportRun.Status.APPLIED, ImportRun.Status.CHECKING, ImportRun.Status.APPLYING]).only(
            "pk", "organisation_id"
        )
    )
    applied = list(old.filter(status=ImportRun.Status.APPLIED).exclude(results=[]).only("pk", "organisation_id"))
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organisation_id=run.organisation_id,
            actor=None,
            action=AuditEvent.Action.DELETE if run in unapplied else AuditEvent.Action.UPDATE,
            target_type=ImportRun._meta.label_lower,
            target_id=run.pk,
            detail="retention" if run in unapplied else "retention: row results emptied",
        )
        for run in unapplied + applied
    )
    ImportRun.objects.filter(pk__in=[run.pk for run in unapplied]).delete()
    ImportRun.objects.filter(pk__in=[run.pk for run in applied]).update(results=[], content=b"")
    return len(unapplied) + len(applied)
