"""Reading role definitions and assignments, scoped to what the signed-in user may see.

* Org admins: everything in their organisation.
* Managers of a team: all of its definitions (drafts included) and assignments.
* Members of a team: its published and retired definitions (drafts are the managers'
  work in progress and do not exist for them), and their own assignments.
* Supervisors (under an active agreement): the published and retired definitions of
  their supervisees' teams and of the roles their supervisees hold, and their
  supervisees' assignments.
* Everyone: the definitions they hold or held. Other organisations: nothing (404).
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.roles import policies
from apps.roles.extensions import describe_definition_fields, with_definition_fields
from apps.roles.models import Assignment, AssignmentComment, Consultation, DefinitionComment, Duty, RoleDefinition
from apps.teams.models import Membership, Team

# (starts_on, ends_on, hours per week) of one assignment.
Period = tuple[date, date | None, Decimal]

CATEGORY_ORDER = [Duty.Category.PEER_DISTINCT, Duty.Category.SHARED, Duty.Category.CLINICAL_ONLY]


# --- role definitions ----------------------------------------------------------------------


def role_definitions_visible_to(user: User) -> QuerySet[RoleDefinition]:
    """Definitions ``user`` may read (see the module docstring). One query when evaluated."""
    qs = RoleDefinition.objects.filter(organisation_id=org_id(user))
    my = caps(user)
    if my.is_org_admin:
        return qs
    holders = {user.pk} | my.supervisee_ids
    readable = Q(team_id__in=my.team_ids) | Q(
        pk__in=Assignment.objects.filter(worker_id__in=holders).values("role_definition_id")
    )
    if my.supervisee_ids:
        supervisee_teams = Membership.objects.active(my.today).filter(worker_id__in=my.supervisee_ids)
        readable |= Q(team_id__in=supervisee_teams.values("team_id"))
    return qs.filter(
        Q(team_id__in=my.managed_team_ids)
        | (readable & ~Q(status=RoleDefinition.Status.DRAFT))
        | _drafts_open_to(user, my.team_ids)
    )


def _drafts_open_to(user: User, team_ids: Collection[UUID]) -> Q:
    """Drafts opened for consultation (issue 18, item 3): readable by the team's peer workers
    once its managers have asked at least one of them, and by whoever was asked."""
    asked_me = Q(pk__in=Consultation.objects.filter(worker_id=user.pk).values("role_definition_id"))
    if user.worker_kind == User.WorkerKind.PEER and team_ids:
        opened = Exists(Consultation.objects.filter(role_definition_id=OuterRef("pk")))
        asked_me |= Q(Q(team_id__in=team_ids), opened)
    return Q(status=RoleDefinition.Status.DRAFT) & asked_me


def with_duties(queryset: QuerySet[RoleDefinition]) -> QuerySet[RoleDefinition]:
    """Team and ordered duties loaded with the definitions: two queries, however many roles."""
    return queryset.select_related("team").prefetch_related(
        Prefetch("duties", queryset=Duty.objects.order_by("position"))
    )


def with_consultations(queryset: QuerySet[RoleDefinition]) -> QuerySet[RoleDefinition]:
    """Who was asked about each version, with their names: one more query, however many roles."""
    return queryset.prefetch_related(
        Prefetch("consultations", queryset=Consultation.objects.select_related("worker").order_by("created_at"))
    )


def get_role_definition_for(user: User, definition_id: UUID | str) -> RoleDefinition:
    """One definition ``user`` may read, with its duties, who was consulted and the fields other apps keep."""
    return get_or_404(
        with_consultations(with_definition_fields(with_duties(role_definitions_visible_to(user)))), definition_id
    )


def role_definition_list(
    user: User, *, team_id: UUID | str | None = None, status: str | None = None, kind: str | None = None
) -> QuerySet[RoleDefinition]:
    """The role list page: visible definitions with their team and a duty count."""
    qs = role_definitions_visible_to(user).select_related("team").annotate(duty_count=Count("duties"))
    if team_id:
        qs = qs.filter(team_id=team_id)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("team__name", "title", "-version")


def versions_of(user: User, definition: RoleDefinition) -> QuerySet[RoleDefinition]:
    """Every version of ``definition``'s lineage that ``user`` may read, newest first."""
    return role_definitions_visible_to(user).filter(lineage=definition.lineage).order_by("-version")


def assignable_role_definitions(user: User) -> QuerySet[RoleDefinition]:
    """Published versions in teams whose roles ``user`` may assign."""
    qs = RoleDefinition.objects.published().filter(organisation_id=org_id(user)).select_related("team")
    if not caps(user).is_org_admin:
        qs = qs.filter(team_id__in=caps(user).managed_team_ids)
    return qs.order_by("team__name", "title")


def role_writable_teams(user: User) -> QuerySet[Team]:
    """Teams whose roles ``user`` may define (managers: theirs; org admins: all)."""
    qs = Team.objects.filter(organisation_id=org_id(user))
    if not caps(user).is_org_admin:
        qs = qs.filter(pk__in=caps(user).managed_team_ids)
    return qs.order_by("name")


def team_published_definitions(team: Team) -> list[RoleDefinition]:
    """A team's published definitions with duties: what the overlap report compares."""
    return list(with_duties(RoleDefinition.objects.published().filter(team=team)).order_by("title"))


# --- assignments --------------------------------------------------------------------------


def assignments_visible_to(user: User) -> QuerySet[Assignment]:
    """Own assignments; supervisees'; those of teams the user manages; org admins all."""
    qs = Assignment.objects.filter(organisation_id=org_id(user))
    my = caps(user)
    if my.is_org_admin:
        return qs
    return qs.filter(Q(worker_id=user.pk) | Q(worker_id__in=my.supervisee_ids) | Q(team_id__in=my.managed_team_ids))


def get_assignment_for(user: User, assignment_id: UUID | str) -> Assignment:
    return get_or_404(assignments_visible_to(user).select_related("worker", "role_definition", "team"), assignment_id)


def assignment_comments_for(user: User, assignment: Assignment) -> list[AssignmentComment]:
    """The questions and answers on ``assignment``, oldest first, if ``user`` may take part
    (the worker, the team's managers, org admins; else none). Reads of others' words are audited."""
    if not policies.can_discuss(user, assignment):
        return []
    comments = list(AssignmentComment.objects.filter(assignment=assignment).select_related("author"))
    audit_reads(actor=user, targets=comments, detail="role conversation")
    return comments


def consultation_is_open(definition: RoleDefinition) -> bool:
    """Whether the team's managers have asked any peer worker about this version."""
    return Consultation.objects.filter(role_definition=definition).exists()


def consultations_of(definition: RoleDefinition) -> list[Consultation]:
    """Who was asked about this version and what each answered (their own answer), by name.
    Not private: the record of a role's co-production is shown on the role to whoever reads it.
    Uses the prefetch of :func:`with_consultations` when there is one."""
    return list(definition.consultations.all())


def definition_comments_for(user: User, definition: RoleDefinition) -> list[DefinitionComment]:
    """Comments and proposals on ``definition`` that ``user`` may read, oldest first: the team's
    managers (and org admins) read all, a peer worker their own. Reads of others' words are audited."""
    qs = DefinitionComment.objects.filter(role_definition=definition).select_related("author", "decided_by")
    if not policies.can_read_all_comments(user, definition):
        qs = qs.filter(author_id=user.pk)
    comments = list(qs)
    audit_reads(actor=user, targets=comments, detail="comment on a role definition")
    return comments


def get_definition_comment_for(user: User, definition: RoleDefinition, comment_id: UUID | str) -> DefinitionComment:
    """One comment on ``definition`` that ``user`` may read (else 404)."""
    qs = DefinitionComment.objects.filter(role_definition=definition)
    if not policies.can_read_all_comments(user, definition):
        qs = qs.filter(author_id=user.pk)
    return get_or_404(qs.select_related("author", "role_definition"), comment_id)


def roles_to_acknowledge(user: User) -> QuerySet[Assignment]:
    """The signed-in worker's own assignments not yet acknowledged (and not ended)."""
    today = caps(user).today
    return (
        Assignment.objects.not_ended(today)
        .filter(worker_id=user.pk, acknowledged_at__isnull=True)
        .select_related("role_definition", "team")
        .order_by("starts_on")
    )


def roles_held_by(user: User) -> QuerySet[Assignment]:
    """The signed-in worker's own current and upcoming assignments."""
    today = caps(user).today
    return (
        Assignment.objects.not_ended(today)
        .filter(worker_id=user.pk)
        .select_related("role_definition", "team")
        .order_by("starts_on")
    )


# --- hours ------------------------------------------------------------------------------------


def peak_hours(periods: Iterable[Period], today: date) -> Decimal:
    """The most hours held on any one day from ``today`` on.

    ``periods`` are ``(starts_on, ends_on, hours)``. This is the sum of the hours in force
    today, unless later assignments overlap more: a handover (one role ending as the next
    begins) is not double-counted, and a future double booking is still caught.
    """
    current = [(s, e, h) for s, e, h in periods if e is None or e >= today]
    days = {today} | {s for s, _, _ in current if s > today}
    best = Decimal(0)
    for day in days:
        total = sum((h for s, e, h in current if s <= day and (e is None or e >= day)), Decimal(0))
        best = max(best, total)
    return best


def assigned_hours(
    worker_ids: Collection[UUID], *, today: date, extra: dict[UUID, list[Period]] | None = None
) -> dict[UUID, Decimal]:
    """``{worker_id: peak assigned hours}`` for ``worker_ids`` across all teams, in one query.

    ``extra`` optionally adds ``{worker_id: [(starts_on, ends_on, hours)]}`` not yet saved
    (the assign form's "what if").
    """
    periods: defaultdict[UUID, list[Period]] = defaultdict(list)
    rows = (
        Assignment.objects.not_ended(today)
        .filter(worker_id__in=list(worker_ids))
        .values_list("worker_id", "starts_on", "ends_on", "hours_per_week")
    )
    for worker_id, starts_on, ends_on, hours in rows:
        periods[worker_id].append((starts_on, ends_on, hours))
    for worker_id, more in (extra or {}).items():
        periods[worker_id].extend(more)
    return {worker_id: peak_hours(periods.get(worker_id, []), today) for worker_id in worker_ids}


def hours_summary(worker: User, assigned: Decimal) -> dict[str, Any]:
    contracted = worker.contracted_hours_per_week or Decimal(0)
    return {
        "contracted_hours_per_week": contracted,
        "assigned_hours_total": assigned,
        "has_contracted_hours": worker.has_contracted_hours,
        "contracted_hours_label": worker.contracted_hours_label,
        "over_allocated": worker.is_over_contract(assigned),
    }


# --- team pages --------------------------------------------------------------------------------


def group_duties(definition: RoleDefinition) -> list[dict[str, Any]]:
    """``[{category, label, duties}]`` in the order peer-distinct, shared, clinical only (empty groups left out)."""
    by_category: defaultdict[str, list[Duty]] = defaultdict(list)
    for duty in definition.duties.all():
        by_category[duty.category].append(duty)
    return [
        {"category": c.value, "label": c.label, "duties": by_category[c.value]}
        for c in CATEGORY_ORDER
        if by_category[c]
    ]


MEMBER_ORDER = {Membership.TeamRole.MANAGER: 0, Membership.TeamRole.SUPERVISOR: 1, Membership.TeamRole.MEMBER: 2}


def _current_members(team: Team, today: date) -> list[Membership]:
    """The team's current memberships, managers first, then supervisors, then by name (one query)."""
    members = list(Membership.objects.active(today).filter(team=team).select_related("worker"))
    members.sort(key=lambda m: (MEMBER_ORDER[m.team_role], m.worker.display_name.lower()))
    return members


def _member_rows(
    members: list[Membership], held: dict[UUID, list[Any]], key: str, *, today: date, with_hours: bool
) -> list[dict[str, Any]]:
    """One row per member with what they hold here under ``key`` and, if ``with_hours``,
    contracted vs assigned hours over all their teams (one query)."""
    hours = assigned_hours([m.worker_id for m in members], today=today) if with_hours else {}
    rows = []
    for membership in members:
        row: dict[str, Any] = {
            "membership": membership,
            "worker": membership.worker,
            key: held.get(membership.worker_id, []),
        }
        if with_hours:
            row.update(hours_summary(membership.worker, hours[membership.worker_id]))
        rows.append(row)
    return rows


def team_role_overview(team: Team, *, today: date, with_hours: bool) -> list[dict[str, Any]]:
    """Each current member of ``team`` with the roles they hold there (duties grouped by
    category, acknowledged or not) and, if ``with_hours``, contracted vs assigned hours.

    Queries: members (1), the team's current assignments with definitions (1), their
    duties (1), newer published versions (1), the fields other apps keep (``extras``: what
    each role requires, 2), and with hours the members' assignments in every team (1) — the
    same however many members, roles or duties.
    """
    members = _current_members(team, today)
    assignments = list(
        Assignment.objects.not_ended(today)
        .filter(team=team, worker_id__in=[m.worker_id for m in members])
        .select_related("role_definition")
        .prefetch_related(Prefetch("role_definition__duties", queryset=Duty.objects.order_by("position")))
        .order_by("starts_on")
    )
    lineages = {a.role_definition.lineage for a in assignments}
    current_versions = dict(
        RoleDefinition.objects.published().filter(lineage__in=lineages).values_list("lineage", "version")
    )
    extras = describe_definition_fields(list({a.role_definition_id: a.role_definition for a in assignments}.values()))
    held: defaultdict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for assignment in assignments:
        definition = assignment.role_definition
        current = current_versions.get(definition.lineage)
        held[assignment.worker_id].append(
            {
                "assignment": assignment,
                "definition": definition,
                "groups": group_duties(definition),
                "upcoming": assignment.starts_on > today,
                "newer_version": current if current and current > definition.version else None,
                "extras": extras[definition.pk],
            }
        )
    return _member_rows(members, held, "roles", today=today, with_hours=with_hours)


def team_roles_summary(team: Team, *, today: date, with_hours: bool) -> list[dict[str, Any]]:
    """The team page panel: each current member, the roles they hold here, and (if
    ``with_hours``) contracted vs assigned hours. Three queries (two without hours),
    however many members or roles."""
    members = _current_members(team, today)
    held: defaultdict[UUID, list[Assignment]] = defaultdict(list)
    assignments = (
        Assignment.objects.not_ended(today)
        .filter(team=team, worker_id__in=[m.worker_id for m in members])
        .select_related("role_definition")
        .order_by("starts_on")
    )
    for assignment in assignments:
        held[assignment.worker_id].append(assignment)
    return _member_rows(members, held, "assignments", today=today, with_hours=with_hours)
