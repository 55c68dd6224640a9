"""Demo portfolio document: the demo peer's PDF of the last year (every section, one reflection
they picked), made at once so "My portfolio documents" and its verification page show it.
Idempotent: made only when the peer has none."""

from datetime import timedelta

from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.sections import ticked_sections
from apps.portfolio_documents.services import document_render, document_request, own_pickable_reflections


def seed(ctx) -> None:
    peer = ctx.people["peer"]
    if PortfolioDocument.objects.filter(worker=peer).exists():
        return
    picked = own_pickable_reflections(peer).order_by("-occurred_on").first()
    document = document_request(
        actor=peer,
        starts_on=ctx.today - timedelta(days=365),
        ends_on=ctx.today,
        sections=[s.key for s in ticked_sections()],
        reflection_ids=[picked.pk] if picked else [],
    )
    document = document_render(document_id=document.pk) or document
    ctx.note(f"Portfolio PDF for {peer.display_name} (verification code ends {document.code_hint or '…'})")
