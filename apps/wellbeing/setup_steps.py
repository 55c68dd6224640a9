"""The set-up step wellbeing can answer (for the org admin's checklist, ``apps.core.setup``)."""

from django.db.models import QuerySet

from apps.accounts.models import Organisation
from apps.wellbeing.models import SupportContact


def support_contacts_added(organisation: Organisation) -> QuerySet[SupportContact]:
    """The organisation has at least one support contact (employee assistance, crisis line...)."""
    return SupportContact.objects.filter(organisation=organisation)
