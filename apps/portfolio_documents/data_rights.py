"""Portfolio documents and their verification links in a worker's export, and their erasure."""

from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.readable import Readable
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.services import delete_file_on_commit


def export(user) -> dict:
    documents = PortfolioDocument.objects.filter(worker=user).order_by("created_at")
    return {
        "documents": [
            {
                "id": str(d.pk),
                "asked_for_at": d.created_at.isoformat(),
                "starts_on": d.starts_on.isoformat(),
                "ends_on": d.ends_on.isoformat(),
                "sections": d.sections,
                "status": d.status,
                "file_kept": d.downloadable,
                "verification_code_ends": d.code_hint,
                "verification_revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
                "confirms": confirms(d.facts),
                "verifiable_facts": d.facts,
            }
            for d in documents
        ]
    }


def confirms(facts: dict) -> str:
    """What a document's verification page confirms, in a line."""
    if not facts:
        return ""
    parts = [f"{len(facts.get('sign_offs', []))} sign-offs"] if "sign_offs" in facts else []
    if "training" in facts:
        parts.append(f"{len(facts['training'])} training records")
    if "supervision" in facts:
        parts.append(f"{facts['supervision']['sessions']} supervision sessions ({facts['supervision']['hours']})")
    return ", ".join(parts) or "who made it and when"


def erase(worker) -> None:
    """Delete every PDF file (once the erasure commits) and revoke every verification link: the
    page then says "revoked" and nothing else (the snapshot of names, dates and totals is
    emptied; the row stays only so that a third party learns it was revoked)."""
    for document in PortfolioDocument.objects.filter(worker=worker):
        delete_file_on_commit(document)
        if document.revoked_at is None:
            document.revoked_at = timezone.now()
        document.file = ""
        document.facts = {}
        document.sections = []
        document.save(update_fields=["file", "facts", "sections", "revoked_at", "updated_at"])
        document.reflections.clear()
        audit_record(
            actor=None, action=AuditEvent.Action.ERASE, target=document, subject=worker, detail="portfolio document"
        )


READABLE = Readable(
    title="Portfolio documents",
    labels={
        "documents": "Portfolio PDFs you asked for",
        "asked_for_at": "Asked for",
        "starts_on": "From",
        "ends_on": "To",
        "sections": "Sections",
        "status": "State",
        "file_kept": "File still kept",
        "verification_code_ends": "Verification code ends in",
        "verification_revoked_at": "Verification link revoked",
        "confirms": "What its verification page confirms",
    },
    hidden=frozenset({"id", "verifiable_facts"}),
    values={"status": {s.value: s.label for s in PortfolioDocument.Status}},
)
