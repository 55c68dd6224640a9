"""Every read of frameworks, assessments, role requirements and training records."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_read
from apps.competencies.models import (
    Assessment,
    AssessorChoice,
    Competency,
    Domain,
    Framework,
    FrameworkChoice,
    OrganisationalStatus,
    RoleRequirementSet,
    SignOff,
    TrainingRecord,
)
from apps.competencies.policies import can_see_details, kinds_shown, others_wellbeing_hidden_q, readable_workers_q
from apps.core import answers
from apps.core.aggregates import empty_ids, ordered_ids, ordered_ids_output
from apps.core.capabilities import caps, require
from apps.core.selectors import get_or_404
from apps.reflections.models import Reflection
from apps.reflections.selectors import reflections_visible_to
from apps.roles.models import Assignment, RoleDefinition
from apps.roles.selectors import role_definitions_visible_to as roles_read_rule
from apps.teams.models import Membership, Team

# --- frameworks ---------------------------------------------------------------------------


def frameworks_visible_to(user: User) -> QuerySet[Framework]:
    """The frameworks shipped with pspteam (no organisation) plus the organisation's own."""
    return Framework.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=org_id(user)))


# The framework an organisation's roles use when it has chosen none (issue 17).
DEFAULT_FRAMEWORK_SLUG = "pspteam-peer-practice"


def frameworks_in_use(user: User) -> QuerySet[Framework]:
    """The frameworks the organisation's roles use: those an org admin chose, or else (nothing
    chosen yet) the framework shipped with pspteam and the organisation's own frameworks.
    Role requirement pickers and the evidence map offer only these."""
    organisation = org_id(user)
    chosen = FrameworkChoice.objects.filter(organisation_id=organisation)
    default = Q(organisation__isnull=True, slug=DEFAULT_FRAMEWORK_SLUG) | Q(organisation_id=organisation)
    return frameworks_visible_to(user).filter(Q(pk__in=chosen.values("framework_id")) | (default & ~Q(Exists(chosen))))


def competencies_in_use(user: User) -> QuerySet[Competency]:
    """Active practice competencies of the frameworks in use (role requirement pickers): a role
    never requires a worker's own wellbeing, nor what the organisation must provide."""
    return competencies_visible_to(user).filter(framework__in=frameworks_in_use(user), kind=Competency.Kind.PRACTICE)


def get_framework_for(user: User, framework_id: UUID | str) -> Framework:
    return get_or_404(frameworks_visible_to(user), framework_id)


def competencies_visible_to(user: User, *, active_only: bool = True) -> QuerySet[Competency]:
    qs = Competency.objects.filter(Q(framework__organisation__isnull=True) | Q(framework__organisation_id=org_id(user)))
    return qs.filter(is_active=True) if active_only else qs


def frameworks_with_competencies(user: User, *, kinds: Sequence[str] | None = None) -> QuerySet[Framework]:
    """Frameworks → domains → active competencies, in their file order (three queries);
    ``kinds``: only competencies of these kinds (``Competency.Kind``)."""
    competencies = Competency.objects.filter(is_active=True).order_by("position")
    if kinds is not None:
        competencies = competencies.filter(kind__in=kinds)
    return frameworks_visible_to(user).prefetch_related(
        Prefetch(
            "domains",
            queryset=Domain.objects.order_by("position").prefetch_related(
                Prefetch("competencies", queryset=competencies)
            ),
        )
    )


# --- evidence ---------------------------------------------------------------------------


def evidence_visible_to(user: User) -> QuerySet[Reflection]:
    """Reflections ``user`` may read: citing one as evidence never widens who may read it."""
    return reflections_visible_to(user)


def own_citable_reflections(user: User) -> QuerySet[Reflection]:
    """What a worker may cite: their own published reflections."""
    return Reflection.objects.filter(organisation_id=org_id(user), author_id=user.pk, is_draft=False).order_by(
        "-occurred_on", "-created_at"
    )


# --- assessments ------------------------------------------------------------------------


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """Assessments of workers whose records ``user`` may read (see ``policies``); another
    person's own-wellbeing items never (issue 18): they are the worker's alone."""
    return (
        Assessment.objects.filter(organisation_id=org_id(user))
        .filter(readable_workers_q(user))
        .filter(others_wellbeing_hidden_q(user))
    )


def with_details_for(queryset: QuerySet[Assessment], user: User) -> QuerySet[Assessment]:
    """What an assessment row shows: worker, competency and domain joined, its decisions, and
    the evidence ``user`` may read (the reflections' own read rule, applied in the prefetch).

    Managers and org admins get the same shape; their serializers and templates drop the
    details, and the evidence prefetch is empty for them because it is filtered per reader
    below (``details_allowed``).
    """
    return queryset.select_related(
        "worker", "competency", "competency__domain", "competency__framework"
    ).prefetch_related(
        Prefetch("sign_offs", queryset=SignOff.objects.select_related("reviewer").order_by("-created_at")),
        Prefetch(
            "evidence",
            queryset=evidence_visible_to(user).order_by("-occurred_on"),
            to_attr="visible_evidence",
        ),
    )


def details_allowed(user: User, assessment: Assessment) -> bool:
    return can_see_details(user, assessment.worker_id)


def get_assessment_for(user: User, assessment_id: UUID | str) -> Assessment:
    return get_or_404(with_details_for(assessments_visible_to(user), user), assessment_id)


def current_assessments(user: User, worker_id: UUID) -> dict[UUID, Assessment]:
    """``{competency_id: assessment}``: the worker's current assessments, as ``user`` may see them."""
    qs = assessments_visible_to(user).filter(worker_id=worker_id, is_current=True)
    return {a.competency_id: a for a in with_details_for(qs, user)}


def assessment_history(user: User, worker_id: UUID, competency_id: UUID) -> list[Assessment]:
    qs = assessments_visible_to(user).filter(worker_id=worker_id, competency_id=competency_id)
    return list(with_details_for(qs, user).order_by("-created_at"))


def _awaiting(user: User) -> QuerySet[Assessment]:
    ids = assessee_ids(user)
    if not ids:
        return Assessment.objects.none()
    return Assessment.objects.filter(
        organisation_id=org_id(user),
        worker_id__in=ids,
        is_current=True,
        state=Assessment.State.AWAITING,
        competency__kind=Competency.Kind.PRACTICE,
    )


def awaiting_sign_off(user: User) -> QuerySet[Assessment]:
    """Current practice assessments waiting for a decision of the workers who chose ``user`` as
    their assessor (or have them by default), oldest first."""
    return with_details_for(_awaiting(user), user).order_by("created_at")


def awaiting_sign_off_count(user: User) -> int:
    return _awaiting(user).count()


# --- the assessor a worker chose (issue 18) ---------------------------------------------------


def _manages(person_id: UUID, worker_id: UUID, today: date) -> bool:
    """Whether ``person_id`` manages a team ``worker_id`` is an active member of today."""
    teams = Membership.objects.active(today).filter(worker_id=worker_id).values("team_id")
    return (
        Membership.objects.active(today)
        .filter(worker_id=person_id, team_role=Membership.TeamRole.MANAGER, team_id__in=teams)
        .exists()
    )


def assessor_of(worker_id: UUID, today: date) -> tuple[UUID | None, bool]:
    """``(assessor id or None, chosen)``: who signs off the worker's competencies today.

    The person the worker chose, while they still supervise the worker; without a choice, the
    worker's one peer supervisor (the default), unless that person manages one of the worker's
    teams: a manager is an assessor only when the worker chose them. Several peer supervisors,
    or none: nobody until the worker chooses. Two queries, three with a default.
    """
    assessor_id, chosen, _ = assessor_state(worker_id, today)
    return assessor_id, chosen


def assessor_state(worker_id: UUID, today: date) -> tuple[UUID | None, bool, list[Any]]:
    """:func:`assessor_of` and the worker's supervisors today (``answers.Supervisor`` rows)."""
    supervisors = answers.supervision().supervisors(worker_id, today)
    choice = AssessorChoice.objects.filter(worker_id=worker_id).values_list("assessor_id", flat=True).first()
    if choice is not None:
        in_force = {row.supervisor_id for row in supervisors}
        return (choice if choice in in_force else None), True, supervisors
    peers = {row.supervisor_id for row in supervisors if row.is_peer}
    if len(peers) == 1:
        (peer,) = peers
        if not _manages(peer, worker_id, today):
            return peer, False, supervisors
    return None, False, supervisors


def assessee_ids(user: User) -> set[UUID]:
    """The supervisees whose assessor ``user`` is today (two or three queries)."""
    me = caps(user)
    ids = me.supervisee_ids
    if not ids:
        return set()
    chosen = dict(AssessorChoice.objects.filter(worker_id__in=ids).values_list("worker_id", "assessor_id"))
    mine = {worker for worker, assessor in chosen.items() if assessor == user.pk}
    unchosen = set(ids) - set(chosen)
    peers = answers.supervision().peer_supervisors_of(unchosen, me.today)
    defaults = {worker for worker in unchosen if peers.get(worker) == {user.pk}}
    if defaults and me.managed_team_ids:
        managed = set(
            Membership.objects.active(me.today)
            .filter(team_id__in=me.managed_team_ids, worker_id__in=defaults)
            .values_list("worker_id", flat=True)
        )
        defaults -= managed
    return mine | defaults


def assessor_options(supervisors: Iterable[Any]) -> list[dict[str, Any]]:
    """The worker's supervisors (``answers.Supervisor`` rows), one entry per person with their
    kinds joined, peer supervisors first."""
    people: dict[UUID, dict[str, Any]] = {}
    for row in supervisors:
        entry = people.setdefault(
            row.supervisor_id,
            {"id": row.supervisor_id, "display_name": row.display_name, "kinds": [], "is_peer": False},
        )
        entry["kinds"].append(row.kind_label)
        entry["is_peer"] = entry["is_peer"] or row.is_peer
    return sorted(people.values(), key=lambda p: (not p["is_peer"], p["display_name"]))


# --- organisational competences (issue 18) ----------------------------------------------------


def organisational_competencies(user: User) -> QuerySet[Competency]:
    """The active organisational competences of the frameworks in use, in file order."""
    return (
        competencies_visible_to(user)
        .filter(framework__in=frameworks_in_use(user), kind=Competency.Kind.ORGANISATIONAL)
        .select_related("framework", "domain")
        .order_by("framework__name", "position")
    )


def organisational_teams_visible_to(user: User) -> QuerySet[Team]:
    """Teams whose organisational status ``user`` reads: org admins all in the organisation;
    others the teams they belong to or manage."""
    me = caps(user)
    teams = Team.objects.filter(organisation_id=org_id(user))
    if me.is_org_admin:
        return teams
    return teams.filter(pk__in=me.team_ids | me.managed_team_ids)


def organisational_statuses_visible_to(user: User) -> QuerySet[OrganisationalStatus]:
    """Records for the organisation as a whole (everyone in it) and for the teams ``user`` reads."""
    return OrganisationalStatus.objects.filter(organisation_id=org_id(user)).filter(
        Q(team__isnull=True) | Q(team__in=organisational_teams_visible_to(user))
    )


def get_organisational_team_for(user: User, team_id: UUID | str) -> Team:
    return get_or_404(organisational_teams_visible_to(user), team_id)


def organisational_overview(
    user: User, team: Team | None, competencies: Sequence[Competency] | None = None
) -> list[dict[str, Any]]:
    """Each organisational competence (``competencies``, read here when not given) with its
    current record for ``team`` (None: the whole organisation) and, for a team, the
    organisation's record beside it (one query, two without ``competencies``)."""
    if competencies is None:
        competencies = list(organisational_competencies(user))
    current = (
        organisational_statuses_visible_to(user)
        .filter(is_current=True, competency__in=[c.pk for c in competencies])
        .filter(Q(team__isnull=True) | Q(team=team))
        .select_related("recorded_by")
    )
    for_team: dict[UUID, OrganisationalStatus] = {}
    for_org: dict[UUID, OrganisationalStatus] = {}
    for record in current:
        (for_org if record.team_id is None else for_team)[record.competency_id] = record
    rows = []
    for competency in competencies:
        rows.append(
            {
                "competency": competency,
                "record": for_team.get(competency.pk) if team is not None else for_org.get(competency.pk),
                "organisation_record": for_org.get(competency.pk) if team is not None else None,
            }
        )
    return rows


# --- role requirements --------------------------------------------------------------------


def effective_requirement_sets(role_definitions: Iterable[RoleDefinition]) -> dict[UUID, list[Competency]]:
    """``{role_definition_id: [competency, ...]}`` for the given definitions (two queries).

    A version's requirements are its own set, or else the set of the nearest earlier version
    of its lineage (a new version starts from its predecessor's requirements).
    """
    role_definitions = list(role_definitions)
    if not role_definitions:
        return {}
    lineages = {rd.lineage for rd in role_definitions}
    sets = (
        RoleRequirementSet.objects.filter(lineage__in=lineages)
        .order_by("lineage", "-version")
        .prefetch_related(
            Prefetch(
                "competencies",
                # Only practice competencies are required of a worker (issue 18): a wellbeing
                # or organisational one named by an older set is left out, not deleted.
                queryset=Competency.objects.filter(kind=Competency.Kind.PRACTICE)
                .select_related("domain", "framework")
                .order_by("framework__name", "position"),
            )
        )
    )
    by_lineage: defaultdict[UUID, list[RoleRequirementSet]] = defaultdict(list)  # highest version first
    for requirement_set in sets:
        by_lineage[requirement_set.lineage].append(requirement_set)
    result: dict[UUID, list[Competency]] = {}
    for rd in role_definitions:
        chosen = next((s for s in by_lineage[rd.lineage] if s.version <= rd.version), None)
        result[rd.pk] = list(chosen.competencies.all()) if chosen else []
    return result


def with_required_competency_ids(definitions: QuerySet[RoleDefinition]) -> QuerySet[RoleDefinition]:
    """``definitions`` with ``required_competencies`` (ids, in framework order) on each row: the
    same rule as :func:`effective_requirement_sets` (own set, else the nearest earlier version's),
    computed by a subquery inside the definitions' own query, so the role definition API adds
    no query for it."""
    vendor = connection.vendor
    nearest_set = (
        RoleRequirementSet.objects.filter(lineage=OuterRef("lineage"), version__lte=OuterRef("version"))
        .order_by("-version")
        .annotate(
            ids=ordered_ids(
                vendor,
                "competencies__id",
                filter=Q(competencies__isnull=False),
                order_by=("competencies__framework__name", "competencies__position#"),
            )
        )
        .values("ids")[:1]
    )
    ids = ordered_ids_output(vendor)
    return definitions.annotate(
        required_competencies=Coalesce(Subquery(nearest_set, output_field=ids), empty_ids(vendor), output_field=ids)
    )


def role_definitions_visible_to(user: User) -> QuerySet[RoleDefinition]:
    """Role definitions the user may read: the roles app's own read rule."""
    return roles_read_rule(user)


def required_competencies_for(worker: User, *, on_date: date) -> dict[Competency, list[str]]:
    """``{competency: [role titles]}`` required of ``worker`` by the roles they hold on ``on_date``."""
    assignments = list(
        Assignment.objects.active(on_date).filter(worker_id=worker.pk).select_related("role_definition", "team")
    )
    sets = effective_requirement_sets([a.role_definition for a in assignments])
    required: dict[Competency, list[str]] = {}
    for assignment in assignments:
        for competency in sets.get(assignment.role_definition_id, []):
            required.setdefault(competency, []).append(str(assignment.role_definition.title))
    return required


# --- training records ----------------------------------------------------------------------


def training_records_visible_to(user: User) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(organisation_id=org_id(user)).filter(readable_workers_q(user))


def get_training_record_for(user: User, record_id: UUID | str) -> TrainingRecord:
    return get_or_404(training_records_visible_to(user).select_related("worker"), record_id)


def certificate_allowed(user: User, record: TrainingRecord) -> bool:
    return can_see_details(user, record.worker_id)


def get_certificate_for(user: User, record_id: UUID | str) -> TrainingRecord:
    """The training record whose certificate ``user`` downloads, the read recorded in the audit
    trail (the worker's own downloads are not). Outside the reader's scope, or without a
    certificate: 404; readable but not the worker or a supervisor: 403."""
    record = get_training_record_for(user, record_id)
    require(certificate_allowed(user, record), "Certificates are for the worker and their supervisors.")
    if not record.certificate:
        raise Http404("This record has no certificate.")
    audit_read(actor=user, target=record)
    return record


# --- states per worker (manager and supervisor views) ---------------------------------------------


def worker_states(user: User, workers: Sequence[User], *, on_date: date) -> list[dict[str, Any]]:
    """For each worker: counts of current assessments per state and of training records per state.

    Two queries for any number of workers; no evidence and no text, so managers may see it.
    """
    ids = [w.pk for w in workers]
    assessment_counts: defaultdict[UUID, dict[str, int]] = defaultdict(dict)
    for row in (
        assessments_visible_to(user)
        .filter(worker_id__in=ids, is_current=True)
        .order_by()
        .values("worker_id", "state", "level")
        .annotate(n=Count("pk"))
    ):
        counts = assessment_counts[row["worker_id"]]
        counts[row["state"]] = counts.get(row["state"], 0) + row["n"]
        counts[f"level_{row['level']}"] = counts.get(f"level_{row['level']}", 0) + row["n"]
    training: defaultdict[UUID, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in training_records_visible_to(user).filter(worker_id__in=ids).only("worker_id", "expires_on"):
        training[record.worker_id][record.state_on(on_date)] += 1
    return [
        {"worker": w, "assessments": assessment_counts.get(w.pk, {}), "training": dict(training.get(w.pk, {}))}
        for w in workers
    ]


# --- progress pages -----------------------------------------------------------------------------


def workers_whose_competencies_are_readable(user: User) -> QuerySet[User]:
    """People whose assessments and training ``user`` may read (themselves included), by name."""
    return User.objects.filter(organisation_id=org_id(user)).filter(readable_workers_q(user, "pk"))


def get_readable_worker(user: User, worker_id: UUID | str) -> User:
    """A worker whose progress ``user`` may read, or 404 (never 403: others do not exist here)."""
    return get_or_404(workers_whose_competencies_are_readable(user), worker_id)


def progress_for(viewer: User, worker: User, *, on_date: date) -> dict[str, Any]:
    """A worker's framework progress as ``viewer`` may see it.

    Frameworks → domains → competencies, each with the roles requiring it and the current
    assessment (its evidence filtered by the viewer's read rule). A fixed number of queries
    however many competencies, assessments or roles there are.
    """
    required = required_competencies_for(worker, on_date=on_date)
    required_by = {c.pk: roles for c, roles in required.items()}
    current = current_assessments(viewer, worker.pk)
    frameworks = []
    counts = {"required": len(required_by), "assessed": 0, "signed_off": 0, "awaiting": 0, "more_evidence": 0}
    in_use = frameworks_in_use(viewer).values("pk")
    kinds = kinds_shown(viewer.pk, worker.pk)
    for framework in frameworks_with_competencies(viewer, kinds=kinds).filter(pk__in=in_use).order_by("name"):
        domains = []
        for domain in framework.domains.all():
            if not domain.competencies.all():
                continue  # e.g. what the organisation provides: on the organisation page
            rows = []
            for competency in domain.competencies.all():
                assessment = current.get(competency.pk)
                rows.append(
                    {
                        "competency": competency,
                        "required_by": required_by.get(competency.pk, []),
                        "assessment": assessment,
                    }
                )
            domains.append({"domain": domain, "rows": rows})
        frameworks.append({"framework": framework, "domains": domains})
    for competency_id in required_by:
        assessment = current.get(competency_id)
        if assessment is None:
            continue
        counts["assessed"] += 1
        if assessment.state == Assessment.State.SIGNED_OFF:
            counts["signed_off"] += 1
        elif assessment.state == Assessment.State.AWAITING:
            counts["awaiting"] += 1
        else:
            counts["more_evidence"] += 1
    counts["not_assessed"] = counts["required"] - counts["assessed"]
    required_rows = [
        {"competency": c, "required_by": roles, "assessment": current.get(c.pk)}
        for c, roles in sorted(required.items(), key=lambda item: (item[0].framework_id, item[0].position))
    ]
    return {
        "worker": worker,
        "frameworks": frameworks,
        "required_rows": required_rows,
        "counts": counts,
        "details": can_see_details(viewer, worker.pk),
    }
