"""The "My portfolio documents" card on the account page (``workers/account.html``), which
cannot read this app itself: the account page sits lower (``docs/architecture.md``)."""

from django import template
from django.conf import settings

from apps.portfolio_documents.selectors import documents_of

register = template.Library()


@register.inclusion_tag("portfolio_documents/_account_card.html", takes_context=True)
def portfolio_documents_card(context) -> dict:
    user = context["request"].user
    return {
        "documents": list(documents_of(user)[:3]),
        "file_days": settings.PORTFOLIO_DOCUMENT_FILE_DAYS,
    }
