"""The set-up step the supervision pages do (registered in ``apps.py``; see ``apps.core.setup``)."""

from django.db.models import QuerySet

from apps.accounts.models import Organisation
from apps.supervision.models import Agreement


def contract_set_up(organisation: Organisation) -> QuerySet[Agreement]:
    """A supervision contract is proposed or in force (proposing is the org admin's part; the
    two people agreeing to it is theirs)."""
    return Agreement.objects.filter(
        organisation=organisation, status__in=[Agreement.Status.PROPOSED, Agreement.Status.ACTIVE]
    )
