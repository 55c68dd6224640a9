"""The teams app answers the access rules' questions about memberships
(:class:`apps.core.answers.TeamQuestions`); registered in ``TeamsConfig.ready``."""

from collections.abc import Collection
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from apps.teams.models import Membership, Team


class MembershipAnswers:
    manager_role: str = Membership.TeamRole.MANAGER
    # Managers administer a team; team supervisors oversee its members' practice.
    lead_roles: frozenset[str] = frozenset({Membership.TeamRole.MANAGER, Membership.TeamRole.SUPERVISOR})

    def roles_of(self, user_id: UUID, today: date) -> dict[UUID, str]:
        return dict(Membership.objects.active(today).filter(worker_id=user_id).values_list("team_id", "team_role"))

    def members_query(self, team_ids: Collection[UUID], today: date) -> QuerySet[Any, Any]:
        return Membership.objects.active(today).filter(team_id__in=team_ids).values("worker_id")

    def names(self, team_ids: Collection[UUID]) -> list[tuple[UUID, str]]:
        return list(Team.objects.filter(pk__in=team_ids).order_by("name").values_list("id", "name"))
