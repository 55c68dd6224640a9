"""Who may do what: the one place that knows membership roles and supervision scope.

Scopes from the spec (§2):

* *own* — records the user authored;
* *supervisee* — a worker the user supervises under an active agreement;
* *team* — a team where the user holds a membership with that team role.

Membership ``team_role`` (manager / supervisor / member) is a different thing from a
job *role definition* (``apps.roles``); this module only deals with the former.

Every selector and service asks these questions through :func:`caps`, so the rules live
here once. Answers are computed lazily with one query each and cached on the user
object, which lives for one request (or one task), so a page asking many questions pays
for each kind of answer once.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from apps.core.dates import InTimeZone, org_today

if TYPE_CHECKING:  # debt: issue 14 - core types its user with the accounts model above it
    from apps.accounts.models import User


class Capabilities:
    def __init__(self, user: User) -> None:
        self.user = user

    @property
    def organisation_id(self) -> UUID | None:
        return self.user.organisation_id

    @cached_property
    def today(self) -> date:
        # Operators (no organisation) are stopped by middleware before anything asks.
        return org_today(cast(InTimeZone, self.user.organisation))

    @cached_property
    def is_org_admin(self) -> bool:
        """Org admins administer the whole organisation (but never read private text)."""
        return bool(self.user.is_org_admin)

    @cached_property
    def team_roles(self) -> dict[UUID, str]:
        """``{team_id: team_role}`` for the user's active memberships."""
        from apps.teams.models import Membership

        return dict(
            Membership.objects.active(self.today).filter(worker_id=self.user.pk).values_list("team_id", "team_role")
        )

    @property
    def team_ids(self) -> set[UUID]:
        return set(self.team_roles)

    @property
    def managed_team_ids(self) -> set[UUID]:
        from apps.teams.models import Membership

        return {t for t, r in self.team_roles.items() if r == Membership.TeamRole.MANAGER}

    @cached_property
    def supervisee_ids(self) -> set[UUID]:
        """Workers this user supervises under an agreement active today."""
        from apps.supervision.models import Agreement

        return set(
            Agreement.objects.active(self.today)
            .filter(supervisor_id=self.user.pk)
            .order_by()
            .values_list("supervisee_id", flat=True)
        )

    @cached_property
    def supervisor_ids(self) -> set[UUID]:
        """Workers who supervise this user under an agreement active today."""
        from apps.supervision.models import Agreement

        return set(
            Agreement.objects.active(self.today)
            .filter(supervisee_id=self.user.pk)
            .order_by()
            .values_list("supervisor_id", flat=True)
        )

    # --- questions -------------------------------------------------------------------

    def is_manager_of(self, team_id: UUID) -> bool:
        """Team managers administer their own teams' people, roles and agreements."""
        return team_id in self.managed_team_ids

    def can_manage_team(self, team_id: UUID) -> bool:
        """Managers of the team and org admins may change a team and its memberships."""
        return self.is_org_admin or self.is_manager_of(team_id)

    def is_member_of(self, team_id: UUID) -> bool:
        return team_id in self.team_roles

    def supervises(self, worker_id: UUID) -> bool:
        return worker_id in self.supervisee_ids

    def can_create_workers(self) -> bool:
        """Only org admins create accounts: a manager who could would be able to invent people
        (sock puppets) and put them in their own team (separation of duties, issue 13)."""
        return self.is_org_admin

    def can_manage_people(self) -> bool:
        """Org admins and team managers use the People page (managers: team membership only)."""
        return self.is_org_admin or bool(self.managed_team_ids)

    def can_change_identity_of(self, worker_id: UUID) -> bool:
        """Only org admins change another person's name or e-mail address; nobody changes their
        own e-mail address without confirming the new one (workers.services.email_change_request)."""
        return self.is_org_admin and worker_id != self.user.pk

    def manages_worker(self, worker_id: UUID) -> bool:
        """A manager manages every active member of the teams they manage."""
        if self.is_org_admin:
            return True
        if not self.managed_team_ids:
            return False
        from apps.teams.models import Membership

        return (
            Membership.objects.active(self.today)
            .filter(worker_id=worker_id, team_id__in=self.managed_team_ids)
            .exists()
        )

    def colleague_filter(self, prefix: str = "") -> Q:
        """A Q over users: self, people sharing an active team, supervisees and supervisors."""
        from apps.teams.models import Membership

        shared_team_members = (
            Membership.objects.active(self.today).filter(team_id__in=self.team_ids).values("worker_id")
        )
        return (
            Q(**{f"{prefix}pk": self.user.pk})
            | Q(**{f"{prefix}pk__in": shared_team_members})
            | Q(**{f"{prefix}pk__in": self.supervisee_ids | self.supervisor_ids})
        )


def caps(user: User) -> Capabilities:
    """The capabilities of ``user``, cached on the user object (one request's lifetime)."""
    cached = getattr(user, "_pspteam_caps", None)
    if cached is None:
        cached = Capabilities(user)
        user._pspteam_caps = cached  # type: ignore[attr-defined]  # the per-request cache, on the instance
    return cached


def forget_caps(user: User) -> None:
    """Drop cached answers after a change to the user's own memberships or agreements."""
    if hasattr(user, "_pspteam_caps"):
        del user._pspteam_caps


def require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    """Raise 403 for a record the user can see but may not act on (outsiders get 404 earlier)."""
    if not condition:
        raise PermissionDenied(message)
