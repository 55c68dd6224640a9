"""Every write to the portfolio: linking a record as evidence, and unlinking it (issue 17).

Only the worker links their own records; ``worker`` and ``organisation`` come from the signed-in
user, never from input. Each write records its audit event (kind and ids, never content) in the
same transaction.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.competencies.models import Competency
from apps.core.capabilities import require
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink
from apps.portfolio.selectors import competencies_for_linking, get_linkable_record

MAX_LINKS_PER_COMPETENCY = 100


def _competency(actor: User, competency: Any) -> Competency:
    try:
        key = competency.pk if isinstance(competency, Competency) else UUID(str(competency))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"competency": "Choose a competency."}) from None
    found = competencies_for_linking(actor).filter(pk=key).first()
    if found is None:
        raise ValidationError(
            {"competency": "This competency does not exist, or is not in a framework your organisation uses."}
        )
    return found


@transaction.atomic
def evidence_link(*, actor: User, competency: Any, kind: str, object_id: Any) -> EvidenceLink:
    """The worker links one of their own records as evidence for a competency of a framework
    their organisation uses. Linking the same record to the same competency again is a 400 on
    ``object_id``; the record's readers do not change."""
    competency = _competency(actor, competency)
    kind_entry, record = get_linkable_record(actor, kind, object_id)
    if EvidenceLink.objects.filter(
        worker_id=actor.pk, competency=competency, kind=kind_entry.key, object_id=record.pk
    ).exists():
        raise ValidationError({"object_id": "This is already linked as evidence for that competency."})
    if EvidenceLink.objects.filter(worker_id=actor.pk, competency=competency).count() >= MAX_LINKS_PER_COMPETENCY:
        raise ValidationError(
            {"competency": f"A competency holds at most {MAX_LINKS_PER_COMPETENCY} pieces of evidence."}
        )
    link = EvidenceLink.objects.create(
        organisation_id=org_id(actor), worker=actor, competency=competency, kind=kind_entry.key, object_id=record.pk
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=link, subject=actor, detail=kind_entry.key)
    return link


@transaction.atomic
def evidence_unlink(*, actor: User, link: EvidenceLink) -> None:
    """The worker removes a link (the record itself stays as it is)."""
    require(link.worker_id == actor.pk, "Only the worker changes their own evidence.")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=link, subject=actor, detail=link.kind)
    link.delete()


def orphan_links_delete() -> int:
    """The daily retention run: links whose record is gone (deleted, or erased) are removed.
    Links of a kind no longer registered are kept (the app may come back)."""
    removed = 0
    for kind in EVIDENCE_KINDS:
        existing = kind.model._default_manager.all().values("pk")
        removed += EvidenceLink.objects.filter(kind=kind.key).exclude(object_id__in=existing).delete()[0]
    return removed
