"""Making a portfolio PDF in the background (a thin wrapper over ``services``)."""

from celery import shared_task

from apps.portfolio_documents.services import document_render


@shared_task(name="apps.portfolio_documents.tasks.render", ignore_result=True, soft_time_limit=600, time_limit=660)
def render(document_id: str) -> None:
    """Make one document's PDF (a repeated message finds it made and does nothing)."""
    document_render(document_id=document_id)
