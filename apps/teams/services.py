"""Every write to teams and memberships goes through here."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, forget_caps, require
from apps.teams import policies
from apps.teams.models import Membership, Team

TEAM_FIELDS = {"name", "description", "setting"}
MEMBERSHIP_EDITABLE = {"team_role", "joined_on", "left_on"}


def _check_unique_team_name(organisation_id: UUID, name: str, *, exclude_pk: UUID | None = None) -> None:
    clash = Team.objects.filter(organisation_id=organisation_id, name__iexact=name.strip())
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": "A team with this name already exists in your organisation."})


MAX_DESCRIPTION = 5000


def _check_description(description: str | None) -> None:
    # A TextField's max_length is not checked by full_clean(): check it here for the page and the API.
    if description and len(description) > MAX_DESCRIPTION:
        raise ValidationError({"description": f"Keep the description under {MAX_DESCRIPTION} characters."})


@transaction.atomic
def team_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    setting: str = Team.Setting.COMMUNITY,
) -> Team:
    """Org admins create teams."""
    require(policies.can_create_team(actor), "Only an org admin can create teams.")
    _check_unique_team_name(org_id(actor), name)
    _check_description(description)
    team = Team(organisation_id=org_id(actor), name=name.strip(), description=description, setting=setting)
    team.full_clean(exclude=["organisation"])
    team.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=team)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, data: dict) -> Team:
    """Managers of the team and org admins rename or describe it."""
    require(caps(actor).can_manage_team(team.pk), "Only this team's managers or an org admin can change it.")
    _refuse_if_archived(team, field=None)
    if "name" in data:
        _check_unique_team_name(team.organisation_id, data["name"], exclude_pk=team.pk)
        data = {**data, "name": data["name"].strip()}
    _check_description(data.get("description"))
    for field, value in data.items():
        setattr(team, field, value)
    team.full_clean(exclude=["organisation"])
    team.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=team)
    return team


def _refuse_if_archived(team: Team, *, field: str | None = "team") -> None:
    """An archived team takes no changes (its history is fixed) until an org admin restores it."""
    if team.archived_at is not None:
        raise DomainError(f"{team} is archived. An org admin can restore it first.", field=field)


@transaction.atomic
def team_archive(*, actor: User, team: Team) -> Team:
    """Archive a team: it leaves every list and picker but its history stays readable.

    Nothing is deleted (teams are never deleted: their memberships, role assignments, pulses and
    audit trail refer to them). Memberships in force end today; memberships that have not started
    yet are cancelled by ending them on the day they would have started (``left_on = joined_on``:
    never in force, still in the history). Archiving an archived team changes nothing."""
    require(policies.can_archive_team(actor, team), "Only this team's managers or an org admin can archive it.")
    # Lock the team: a membership added at the same moment waits and then sees the archive
    # (membership_add locks the same row), so no one is left in an archived team.
    locked = Team.objects.select_for_update().get(pk=team.pk)
    if locked.archived_at is not None:
        return locked
    today = caps(actor).today
    ending = list(
        Membership.objects.filter(team=locked)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .select_related("worker")
    )
    now = timezone.now()
    for membership in ending:
        started = membership.joined_on <= today
        membership.left_on = today if started else membership.joined_on
        membership.updated_at = now  # bulk_update skips auto_now
        detail = "team archived" if started else "cancelled: team archived"
        audit_record(
            actor=actor, action=AuditEvent.Action.DELETE, target=membership, subject=membership.worker, detail=detail
        )
    Membership.objects.bulk_update(ending, ["left_on", "updated_at"])
    locked.archived_at = now
    locked.archived_by = actor
    locked.save(update_fields=["archived_at", "archived_by", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=locked, detail="archived")
    forget_caps(actor)  # a manager who archived their own team is no longer its manager
    return locked


@transaction.atomic
def team_restore(*, actor: User, team: Team) -> Team:
    """Org admins bring an archived team back, empty: its managers add people again (the
    memberships archiving ended stay ended, as history)."""
    require(policies.can_restore_team(actor), "Only an org admin can restore an archived team.")
    locked = Team.objects.select_for_update().get(pk=team.pk)
    if locked.archived_at is None:
        return locked
    locked.archived_at = None
    locked.archived_by = None
    locked.save(update_fields=["archived_at", "archived_by", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=locked, detail="restored")
    return locked


def _validate_dates(joined_on: date, left_on: date | None) -> None:
    if left_on is not None and left_on < joined_on:
        raise ValidationError({"left_on": "The leaving date cannot be before the joining date."})


@transaction.atomic
def membership_add(
    *,
    actor: User,
    team: Team,
    worker: User,
    team_role: str = Membership.TeamRole.MEMBER,
    joined_on: date | None = None,
    left_on: date | None = None,
) -> Membership:
    """Managers of the team (and org admins) add a worker of the same organisation."""
    require(caps(actor).can_manage_team(team.pk), "Only this team's managers or an org admin can add members.")
    # Locked, so that an archive at the same moment either waits for this add (and ends the new
    # membership) or has committed already (and the add is refused).
    _refuse_if_archived(Team.objects.select_for_update().get(pk=team.pk))
    if worker.organisation_id != team.organisation_id:
        raise ValidationError({"worker": "This worker does not exist."})
    if worker.status == worker.Status.LEFT:
        raise ValidationError({"worker": "This worker has left the organisation."})
    if team_role not in Membership.TeamRole.values:
        raise ValidationError({"team_role": f"Choose one of: {', '.join(Membership.TeamRole.values)}."})
    joined_on = joined_on or caps(actor).today
    _validate_dates(joined_on, left_on)
    if Membership.objects.filter(team=team, worker=worker, left_on__isnull=True).exists():
        raise ValidationError({"worker": f"{worker} is already a member of {team}."})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                team=team, worker=worker, team_role=team_role, joined_on=joined_on, left_on=left_on
            )
    except IntegrityError:  # a concurrent add of the same person won the race
        raise ValidationError({"worker": f"{worker} is already a member of {team}."}) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=membership,
        subject=worker,
        detail=team_role,
    )
    forget_caps(worker)
    return membership


@transaction.atomic
def membership_update(*, actor: User, membership: Membership, data: dict) -> Membership:
    """Change a member's team role or dates (ending a membership sets ``left_on``)."""
    require(caps(actor).can_manage_team(membership.team_id), "Only this team's managers or an org admin can do this.")
    _refuse_if_archived(membership.team, field=None)  # archiving ended it; reopening it would undo the archive
    refused = sorted(set(data) - MEMBERSHIP_EDITABLE)
    if refused:
        raise ValidationError(
            {field: "This field cannot be changed; add a new membership instead." for field in refused}
        )
    if "team_role" in data and data["team_role"] not in Membership.TeamRole.values:
        raise ValidationError({"team_role": f"Choose one of: {', '.join(Membership.TeamRole.values)}."})
    for field, value in data.items():
        setattr(membership, field, value)
    _validate_dates(membership.joined_on, membership.left_on)
    membership.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=membership,
        subject=membership.worker,
        detail=",".join(sorted(data)),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    """Remove someone from a team. The membership is kept as history with ``left_on`` today."""
    require(
        caps(actor).can_manage_team(membership.team_id), "Only this team's managers or an org admin can remove members."
    )
    if membership.team.archived_at is not None:
        return membership  # archiving ended (or cancelled) it already
    if membership.left_on is not None and membership.left_on <= caps(actor).today:
        return membership
    today = caps(actor).today
    membership.left_on = max(today, membership.joined_on)
    membership.save(update_fields=["left_on", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=membership, subject=membership.worker)
    return membership
