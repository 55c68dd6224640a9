"""The set-up steps the team pages do (registered in ``apps.py``; see ``apps.core.setup``)."""

from django.db.models import Exists, OuterRef, QuerySet

from apps.accounts.models import Organisation
from apps.core.dates import org_today
from apps.teams.models import Membership, Team, in_force


def team_created(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation, archived_at__isnull=True)


def every_team_has_a_manager(organisation: Organisation) -> QuerySet[Organisation]:
    """There is a team in use, and none of them is without a manager today."""
    teams = team_created(organisation)
    manager = Membership.objects.filter(
        in_force(org_today(organisation)), team=OuterRef("pk"), team_role=Membership.TeamRole.MANAGER
    )
    return Organisation.objects.filter(pk=organisation.pk).filter(
        Exists(teams), ~Exists(teams.filter(~Exists(manager)))
    )
