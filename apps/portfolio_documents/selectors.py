"""Reading portfolio documents: a worker's own only (anyone else's is a 404, never a 403), and
the public verification lookup by code."""

from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.selectors import get_or_404
from apps.portfolio_documents import codes
from apps.portfolio_documents.models import PortfolioDocument


def documents_of(user: User) -> QuerySet[PortfolioDocument]:
    """ "My portfolio documents": the user's own, newest first. Nobody else's, whoever asks
    (managers and org admins included: a worker's portfolio is theirs)."""
    if user.organisation_id is None:  # platform operators
        return PortfolioDocument.objects.none()
    return PortfolioDocument.objects.filter(worker_id=user.pk, organisation_id=user.organisation_id)


def get_document_for(user: User, document_id: Any) -> PortfolioDocument:
    return get_or_404(documents_of(user), document_id)


def read_document_file(user: User, document: PortfolioDocument) -> PortfolioDocument:
    """The owner downloads their PDF: recorded (it holds the reflections they chose)."""
    audit_record(actor=user, action=AuditEvent.Action.READ, target=document, subject=user, detail="PDF downloaded")
    return document


def verification_lookup(typed_code: str, *, detail: str = "verification looked up") -> PortfolioDocument | None:
    """The document a typed code belongs to (made, not yet deleted by retention), or ``None``.
    A lookup that finds one is audited (no actor: the person looking has no account); a
    revoked document is returned too, so that the page can say plainly that it was revoked."""
    code = codes.normalise(typed_code)
    if code is None:
        return None
    document = (
        PortfolioDocument.objects.filter(code_hash=codes.code_hash(code), status=PortfolioDocument.Status.READY)
        .select_related("worker")
        .first()
    )
    if document is not None:
        audit_record(actor=None, action=AuditEvent.Action.READ, target=document, subject=document.worker, detail=detail)
    return document
