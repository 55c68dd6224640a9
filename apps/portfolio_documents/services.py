"""Asking for a portfolio PDF, making it (in the worker), revoking its verification, and
deleting files (retention, erasure).

The worker asks (``document_request``); the Celery task ``apps.portfolio_documents.tasks.render``
calls ``document_render``, which builds each chosen section, lays the PDF out with WeasyPrint,
stores it under a random name with its SHA-256, and keeps the snapshot of verifiable facts.
"""

import hashlib
import logging
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core import progress
from apps.core.dates import org_today, prose_date
from apps.notifications.queue import publish
from apps.portfolio_documents import codes
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.sections import SECTIONS, Build
from apps.reflections.models import Reflection

logger = logging.getLogger(__name__)

RENDER_TASK = "apps.portfolio_documents.tasks.render"
MAX_YEARS = 10
EARLIEST = date(2000, 1, 1)


def worker_today(worker: User) -> date:
    """Today in the worker's organisation (every worker here belongs to one)."""
    organisation = worker.organisation
    assert organisation is not None, "platform operators have no portfolio"
    return org_today(organisation)


def progress_key(document: PortfolioDocument) -> str:
    return f"portfolio_documents:{document.pk}"


def progress_total(document: PortfolioDocument) -> int:
    """Steps of a render: one per section, then the layout, then storing the file."""
    return len(document.sections) + 2


def _check_range(starts_on: date, ends_on: date, today: date) -> None:
    if starts_on < EARLIEST:
        raise ValidationError({"starts_on": f"Choose a start date from {prose_date(EARLIEST)}."})
    if starts_on > today:
        raise ValidationError({"starts_on": "The start date is in the future."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date is before the start date."})
    if ends_on > today:
        raise ValidationError({"ends_on": "The end date is in the future: choose today or earlier."})
    if (ends_on - starts_on).days > 366 * MAX_YEARS:
        raise ValidationError({"ends_on": f"A document covers {MAX_YEARS} years at most."})


def own_pickable_reflections(worker: User):
    """The reflections a worker may put in their document: their own, published (not drafts)."""
    return Reflection.objects.filter(author=worker, organisation_id=org_id(worker), is_draft=False)


@transaction.atomic
def document_request(
    *, actor: User, starts_on: date, ends_on: date, sections: list[str], reflection_ids: list[Any]
) -> PortfolioDocument:
    """Ask for a PDF of ``actor``'s own portfolio; the worker makes it (queued on commit)."""
    _check_range(starts_on, ends_on, worker_today(actor))
    unknown = [key for key in sections if key not in SECTIONS]
    if unknown or not isinstance(sections, list):
        raise ValidationError({"sections": "Choose from the sections listed."})
    picked = list(own_pickable_reflections(actor).filter(pk__in=reflection_ids)) if reflection_ids else []
    if len(picked) != len(set(map(str, reflection_ids))):
        raise ValidationError({"reflections": "Choose from your own published reflections."})
    chosen = [key for key in SECTIONS if key in sections and not SECTIONS[key].picked]
    if picked:
        chosen += [key for key, s in SECTIONS.items() if s.picked]
    if not chosen:
        raise ValidationError({"sections": "Choose at least one section, or pick a reflection."})
    document = PortfolioDocument.objects.create(
        organisation_id=org_id(actor), worker=actor, starts_on=starts_on, ends_on=ends_on, sections=chosen
    )
    document.reflections.set(picked)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=document, subject=actor, detail="portfolio PDF")
    progress.set_progress(progress_key(document), 0)
    transaction.on_commit(partial(_queue, document.pk))
    return document


def _queue(document_id: Any) -> None:
    if not publish(RENDER_TASK, str(document_id)):
        PortfolioDocument.objects.filter(pk=document_id, status=PortfolioDocument.Status.QUEUED).update(
            status=PortfolioDocument.Status.FAILED
        )


def document_render(*, document_id: Any) -> PortfolioDocument | None:
    """Make the PDF (the task's body). A repeated message finds it claimed and does nothing."""
    claimed = PortfolioDocument.objects.filter(pk=document_id, status=PortfolioDocument.Status.QUEUED).update(
        status=PortfolioDocument.Status.RENDERING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    document = PortfolioDocument.objects.select_related("worker", "worker__organisation").get(pk=document_id)
    try:
        return _render(document)
    except Exception:
        logger.exception("portfolio document %s could not be made", document.pk)
        PortfolioDocument.objects.filter(pk=document.pk).update(status=PortfolioDocument.Status.FAILED)
        raise


def _render(document: PortfolioDocument) -> PortfolioDocument:
    from apps.portfolio_documents.pdf import render_pdf  # WeasyPrint loads pango: only where PDFs are made

    worker = document.worker
    key = progress_key(document)
    build = Build(
        worker=worker,
        starts_on=document.starts_on,
        ends_on=document.ends_on,
        made_on=worker_today(worker),
        reflections=list(document.reflections.all()),
    )
    build.facts.update(
        {
            "worker": worker.display_name,
            "organisation": worker.organisation.name if worker.organisation else "",
            "starts_on": document.starts_on.isoformat(),  # machine date
            "ends_on": document.ends_on.isoformat(),  # machine date
            "made_on": build.made_on.isoformat(),  # machine date
            "sections": [SECTIONS[k].title for k in document.sections],
        }
    )
    parts = []
    for done, section_key in enumerate(document.sections, start=1):
        section = SECTIONS[section_key]
        parts.append((section, section.build(build)))
        progress.set_progress(key, done)
    code = codes.new_code()
    pdf, pages = render_pdf(build=build, parts=parts, code=code, verify_url=verify_url(code))
    progress.set_progress(key, len(parts) + 1)
    with transaction.atomic():
        document = PortfolioDocument.objects.select_for_update().get(pk=document.pk)
        document.file.save("portfolio.pdf", ContentFile(pdf), save=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.size = len(pdf)
        document.page_count = pages
        document.code_hash = codes.code_hash(codes.normalise(code) or "")
        document.code_hint = code[-4:]
        document.facts = build.facts
        document.status = PortfolioDocument.Status.READY
        document.rendered_at = timezone.now()
        document.save()
        audit_record(actor=None, action=AuditEvent.Action.UPDATE, target=document, subject=worker, detail="PDF made")
    progress.set_progress(key, len(parts) + 2)
    return document


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL}/portfolio-documents/verify/{code}/"


@transaction.atomic
def document_revoke(*, actor: User, document: PortfolioDocument) -> PortfolioDocument:
    """Turn the verification link off: from now on the page says "revoked" and shows nothing else.
    Revoking again changes nothing."""
    document = PortfolioDocument.objects.select_for_update().get(pk=document.pk, worker=actor)
    if document.revoked_at is None:
        document.revoked_at = timezone.now()
        document.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, target=document, subject=actor, detail="verification revoked"
        )
    return document


def delete_file_on_commit(document: PortfolioDocument) -> None:
    """Delete the stored PDF once the transaction that forgets it commits."""
    if document.file:
        storage, name = document.file.storage, document.file.name
        transaction.on_commit(partial(storage.delete, name))


def file_retention_cutoff() -> Any:
    return timezone.now() - timedelta(days=settings.PORTFOLIO_DOCUMENT_FILE_DAYS)


def verification_retention_cutoff() -> Any:
    return timezone.now() - timedelta(days=settings.PORTFOLIO_VERIFICATION_DAYS)
