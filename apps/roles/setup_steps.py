"""The set-up step the role pages do (registered in ``apps.py``; see ``apps.core.setup``)."""

from django.db.models import QuerySet

from apps.accounts.models import Organisation
from apps.roles.models import RoleDefinition


def role_published(organisation: Organisation) -> QuerySet[RoleDefinition]:
    """A role definition is published in a team in use (a draft is not yet a role anyone holds)."""
    return RoleDefinition.objects.filter(
        organisation=organisation, status=RoleDefinition.Status.PUBLISHED, team__archived_at__isnull=True
    )
