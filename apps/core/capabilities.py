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

The data belongs to apps above core (memberships to ``teams``, agreements to
``supervision``): they answer the questions of :mod:`apps.core.answers`, registered at
start-up, so this module imports no app. The user is typed by what the rules read of it
(:class:`Person`), not by the accounts model.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any, Protocol, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from apps.core import answers
from apps.core.dates import InTimeZone, org_today


class Person(Protocol):
    """What the rules read of a user (``apps.accounts.models.User`` is one): typed here
    structurally because core sits below accounts."""

    @property
    def pk(self) -> Any: ...

    @property
    def organisation_id(self) -> UUID | None: ...

    @property
    def organisation(self) -> InTimeZone | None: ...

    @property
    def is_org_admin(self) -> bool: ...


class Capabilities:
    def __init__(self, user: Person) -> None:
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
        return answers.teams().roles_of(self.user.pk, self.today)

    @property
    def team_ids(self) -> set[UUID]:
        return set(self.team_roles)

    @property
    def managed_team_ids(self) -> set[UUID]:
        manager = answers.teams().manager_role
        return {t for t, r in self.team_roles.items() if r == manager}

    @property
    def leads_a_team(self) -> bool:
        """Holds a team role that oversees others' work (manager or team supervisor)."""
        lead_roles = answers.teams().lead_roles
        return any(role in lead_roles for role in self.team_roles.values())

    @cached_property
    def supervisee_ids(self) -> set[UUID]:
        """Workers this user supervises under an agreement active today."""
        return answers.supervision().supervisee_ids(self.user.pk, self.today)

    @cached_property
    def supervisor_ids(self) -> set[UUID]:
        """Workers who supervise this user under an agreement active today."""
        return answers.supervision().supervisor_ids(self.user.pk, self.today)

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

    def is_told_stepped_away(self, worker_id: UUID) -> bool:
        """Whether this user is shown that ``worker_id`` has stepped away: the worker themselves
        and those their step-away tells, their supervisors under an agreement in force today
        (the step-away form's promise). Not colleagues, clinicians or managers as such (issue
        15, item 12)."""
        return worker_id in self.told_stepped_away_ids

    @property
    def told_stepped_away_ids(self) -> set[UUID]:
        """The workers whose stepping away this user is shown (``is_told_stepped_away``), for
        queries (``Agreement.objects.with_state(told=...)``)."""
        return {self.user.pk} | self.supervisee_ids

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
        return answers.teams().members_query(self.managed_team_ids, self.today).filter(worker_id=worker_id).exists()

    def colleague_filter(self, prefix: str = "") -> Q:
        """A Q over users: self, people sharing an active team, supervisees and supervisors."""
        shared_team_members = answers.teams().members_query(self.team_ids, self.today)
        return (
            Q(**{f"{prefix}pk": self.user.pk})
            | Q(**{f"{prefix}pk__in": shared_team_members})
            | Q(**{f"{prefix}pk__in": self.supervisee_ids | self.supervisor_ids})
        )


def caps(user: Person) -> Capabilities:
    """The capabilities of ``user``, cached on the user object (one request's lifetime)."""
    cached = getattr(user, "_pspteam_caps", None)
    if cached is None:
        cached = Capabilities(user)
        user._pspteam_caps = cached  # type: ignore[attr-defined]  # the per-request cache, on the instance
    return cached


def forget_caps(user: Person) -> None:
    """Drop cached answers after a change to the user's own memberships or agreements."""
    if hasattr(user, "_pspteam_caps"):
        del user._pspteam_caps


def require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    """Raise 403 for a record the user can see but may not act on (outsiders get 404 earlier)."""
    if not condition:
        raise PermissionDenied(message)
