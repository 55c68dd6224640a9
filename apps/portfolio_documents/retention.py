"""Retention of portfolio documents (run daily by ``apps.audit.tasks.enforce_retention``).

* The PDF file is deleted ``PORTFOLIO_DOCUMENT_FILE_DAYS`` after it was asked for (default 90):
  the worker can make a new one at any time, and the copy they handed over is theirs to keep.
  Its verification keeps answering.
* The whole record — the verification snapshot with it — is deleted
  ``PORTFOLIO_VERIFICATION_DAYS`` after it was asked for (default 3 years); the link then
  answers "not found".
* A document that could not be made is deleted after a day.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record, delete_past_retention
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.services import (
    delete_file_on_commit,
    file_retention_cutoff,
    verification_retention_cutoff,
)


@transaction.atomic
def enforce() -> int:
    changed = 0
    now = timezone.now()
    old_files = (
        PortfolioDocument.objects.select_for_update(skip_locked=True)
        .filter(created_at__lt=file_retention_cutoff(), file_deleted_at__isnull=True)
        .exclude(file="")
    )
    for document in old_files:
        delete_file_on_commit(document)
        document.file = ""
        document.file_deleted_at = now
        document.save(update_fields=["file", "file_deleted_at", "updated_at"])
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            target=document,
            subject=document.worker,
            detail="PDF file past retention",
        )
        changed += 1
    gone = PortfolioDocument.objects.select_for_update(skip_locked=True).filter(
        created_at__lt=verification_retention_cutoff()
    ) | PortfolioDocument.objects.filter(status=PortfolioDocument.Status.FAILED, created_at__lt=now - timedelta(days=1))
    changed += delete_past_retention(
        gone, detail="portfolio document past retention", before_delete=delete_file_on_commit
    )
    return changed
