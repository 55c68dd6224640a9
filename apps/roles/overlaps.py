"""The role overlap report: where a team's peer roles and clinical roles blur, both ways.

Role definitions (``find_overlaps``): each finding names a peer role and one of its duties
and/or a clinical role and one of its duties:

* ``clinical_only_in_peer_role`` — a duty of a peer role is tagged ``clinical_only``.
  Paired with every clinical-role duty of the team that says the same thing; when none
  does, the finding stands alone (``clinical_role`` / ``clinical_duty`` are ``None``).
* ``peer_distinct_in_clinical_role`` — the other direction: a duty of a clinical role is
  tagged ``peer_distinct`` (what lived experience brings). Paired with every peer-role duty
  that says the same thing; alone (``peer_role`` / ``peer_duty`` ``None``) when none does.
* ``similar_duties`` — a duty of a peer role and a duty of a clinical role say the same
  thing, by the rule in :mod:`apps.roles.similarity`.

Assignments (``assignment_findings``), also both ways: a peer support worker who holds a
clinical role (``peer_worker_in_clinical_role``), and a clinical worker who holds a peer role
(``clinical_worker_in_peer_role``) — a definition can be clear while who holds it blurs it.

Each finding has a ``severity``: ``info`` when both duties are tagged ``shared`` (the team
has already agreed the work is shared; it is listed so the split can be discussed) and
``attention`` otherwise. Roles of kind ``other`` are not compared.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.core.hours import hours_text
from apps.roles.models import Assignment, Duty, RoleDefinition
from apps.roles.selectors import team_published_definitions
from apps.roles.similarity import Similarity, compare, content_stems
from apps.teams.models import Team

CLINICAL_ONLY_IN_PEER_ROLE = "clinical_only_in_peer_role"
PEER_DISTINCT_IN_CLINICAL_ROLE = "peer_distinct_in_clinical_role"
SIMILAR_DUTIES = "similar_duties"
PEER_WORKER_IN_CLINICAL_ROLE = "peer_worker_in_clinical_role"
CLINICAL_WORKER_IN_PEER_ROLE = "clinical_worker_in_peer_role"
DEFINITION_KINDS = (CLINICAL_ONLY_IN_PEER_ROLE, PEER_DISTINCT_IN_CLINICAL_ROLE, SIMILAR_DUTIES)
ASSIGNMENT_KINDS = (PEER_WORKER_IN_CLINICAL_ROLE, CLINICAL_WORKER_IN_PEER_ROLE)


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str  # "attention" | "info"
    peer_role: RoleDefinition | None
    peer_duty: Duty | None
    clinical_role: RoleDefinition | None
    clinical_duty: Duty | None
    similarity: Similarity | None
    advice: str


def _advice(
    peer_role: RoleDefinition | None,
    peer_duty: Duty | None,
    clinical_role: RoleDefinition | None,
    clinical_duty: Duty | None,
) -> tuple[str, str]:
    C = Duty.Category
    if peer_role is None or peer_duty is None:
        # A peer-distinct duty of a clinical role that no peer role has.
        assert clinical_role is not None
        return (
            "attention",
            f"“{clinical_role.title}” is a clinical role but carries a duty tagged peer-distinct — something "
            "lived experience brings. Decide whether it belongs in a peer role instead.",
        )
    if peer_duty.category == C.CLINICAL_ONLY:
        text = f"“{peer_role.title}” is a peer role but carries a duty tagged clinical only."
        if clinical_role is not None:
            text += f" “{clinical_role.title}” has the same duty."
        return "attention", text + " Decide whether it belongs in the peer role at all."
    # Only a clinical-only duty of a peer role is reported without a matching clinical duty.
    assert clinical_role is not None and clinical_duty is not None
    if peer_duty.category == C.SHARED and clinical_duty.category == C.SHARED:
        return "info", "Both roles tag this duty as shared. Check the team agrees who does what, and how."
    if clinical_duty.category == C.CLINICAL_ONLY:
        return (
            "attention",
            f"“{clinical_role.title}” reserves this duty for clinical staff, but the peer role “{peer_role.title}” "
            "includes it.",
        )
    if clinical_duty.category == C.PEER_DISTINCT:
        return (
            "attention",
            f"“{clinical_role.title}” is a clinical role but tags this duty peer-distinct, and the peer role "
            f"“{peer_role.title}” has it too. Decide who brings it, and whether it belongs in the clinical role.",
        )
    if peer_duty.category == C.PEER_DISTINCT:
        return (
            "attention",
            f"Tagged peer-distinct in “{peer_role.title}”, yet “{clinical_role.title}” has the same duty: the peer "
            "contribution risks being absorbed into clinical routine.",
        )
    return "attention", "The two roles tag the same duty differently. Agree one category and who does it."


def _pair_kind(peer_duty: Duty, clinical_duty: Duty) -> str:
    if peer_duty.category == Duty.Category.CLINICAL_ONLY:
        return CLINICAL_ONLY_IN_PEER_ROLE
    if clinical_duty.category == Duty.Category.PEER_DISTINCT:
        return PEER_DISTINCT_IN_CLINICAL_ROLE
    return SIMILAR_DUTIES


def compared_roles(definitions: Iterable[RoleDefinition]) -> list[RoleDefinition]:
    return [d for d in definitions if d.kind in (RoleDefinition.Kind.PEER, RoleDefinition.Kind.CLINICAL)]


def find_overlaps(definitions: list[RoleDefinition]) -> list[Finding]:
    """Findings among ``definitions`` (with ``duties`` prefetched); no queries of its own."""
    peer_roles = [d for d in definitions if d.kind == RoleDefinition.Kind.PEER]
    clinical_roles = [d for d in definitions if d.kind == RoleDefinition.Kind.CLINICAL]
    clinical_duties = [
        (role, duty, content_stems(duty.description)) for role in clinical_roles for duty in role.duties.all()
    ]
    findings: list[Finding] = []
    matched_clinical: set[UUID] = set()
    for peer_role in peer_roles:
        for peer_duty in peer_role.duties.all():
            stems = content_stems(peer_duty.description)
            matched = False
            for clinical_role, clinical_duty, clinical_stems in clinical_duties:
                similarity = compare(stems, clinical_stems)
                if not similarity.similar:
                    continue
                matched = True
                matched_clinical.add(clinical_duty.pk)
                severity, advice = _advice(peer_role, peer_duty, clinical_role, clinical_duty)
                findings.append(
                    Finding(
                        _pair_kind(peer_duty, clinical_duty),
                        severity,
                        peer_role,
                        peer_duty,
                        clinical_role,
                        clinical_duty,
                        similarity,
                        advice,
                    )
                )
            if not matched and peer_duty.category == Duty.Category.CLINICAL_ONLY:
                severity, advice = _advice(peer_role, peer_duty, None, None)
                findings.append(
                    Finding(CLINICAL_ONLY_IN_PEER_ROLE, severity, peer_role, peer_duty, None, None, None, advice)
                )
    for clinical_role, clinical_duty, _stems in clinical_duties:
        if clinical_duty.category == Duty.Category.PEER_DISTINCT and clinical_duty.pk not in matched_clinical:
            severity, advice = _advice(None, None, clinical_role, clinical_duty)
            findings.append(
                Finding(
                    PEER_DISTINCT_IN_CLINICAL_ROLE, severity, None, None, clinical_role, clinical_duty, None, advice
                )
            )
    severity_order = {"attention": 0, "info": 1}
    findings.sort(
        key=lambda f: (
            severity_order[f.severity],
            f.peer_role.title.lower() if f.peer_role else "",
            f.peer_duty.position if f.peer_duty else 0,
            f.clinical_role.title.lower() if f.clinical_role else "",
            f.clinical_duty.position if f.clinical_duty else 0,
        )
    )
    return findings


# The API's rule, with the numbers (documented in apps/roles/README.md); pages show RULE_PLAIN.
RULE = (
    "Published peer and clinical roles of the team are compared duty by duty. Texts are lower-cased, stop words "
    "and words naming service users are dropped and the rest reduced to stems; two duties are similar when their "
    "stem sets are equal, or their Jaccard index is at least 0.5 with at least two shared stems, or the difflib "
    "ratio of their sorted stems is at least 0.85. A peer-role duty tagged clinical_only and a clinical-role duty "
    "tagged peer_distinct are always reported, and so are current assignments of a peer worker to a clinical role "
    "and of a clinical worker to a peer role."
)
RULE_PLAIN = (
    "Each duty of the team's published peer roles is compared with each duty of its published clinical roles. "
    "Two duties count as the same when they use the same key words, whatever the order, the word endings or a "
    "small misspelling; words nearly every duty has, such as “service users”, are left out. A peer role's duty "
    "marked “clinical only” and a clinical role's duty marked “peer-distinct” are always listed, and so is a peer "
    "support worker who holds a clinical role, or clinical staff who hold a peer role."
)


@dataclass(frozen=True)
class AssignmentFinding:
    kind: str
    severity: str  # always "attention"
    assignment: Assignment
    advice: str


# (worker kind, role kind) -> (finding kind, advice). ``{worker}``, ``{role}``, ``{hours}`` are filled in.
HELD_BLUR: dict[tuple[str, str], tuple[str, str]] = {
    (User.WorkerKind.PEER, RoleDefinition.Kind.CLINICAL): (
        PEER_WORKER_IN_CLINICAL_ROLE,
        "{worker} is a peer support worker and holds the clinical role “{role}” for {hours} a week. Talk "
        "together about which of its duties are theirs, so that their peer work is not absorbed into clinical "
        "routine.",
    ),
    (User.WorkerKind.CLINICAL, RoleDefinition.Kind.PEER): (
        CLINICAL_WORKER_IN_PEER_ROLE,
        "{worker} is clinical staff and holds the peer role “{role}” for {hours} a week. A peer role rests "
        "on lived experience: check this is what was meant.",
    ),
}


def assignment_finding(assignment: Assignment) -> AssignmentFinding | None:
    """The blur in who holds a role (worker and role_definition loaded; no query), or None."""
    worker, role = assignment.worker, assignment.role_definition
    blur = HELD_BLUR.get((worker.worker_kind, role.kind))
    if blur is None:
        return None
    kind, advice = blur
    text = advice.format(worker=worker, role=role.title, hours=hours_text(assignment.hours_per_week))
    return AssignmentFinding(kind, "attention", assignment, text)


def assignment_findings(assignments: Iterable[Assignment]) -> list[AssignmentFinding]:
    """Findings among ``assignments`` (worker and role_definition loaded), in the order given."""
    return [f for f in (assignment_finding(a) for a in assignments) if f is not None]


def _current_assignments(today: date) -> QuerySet[Assignment]:
    return Assignment.objects.not_ended(today).filter(
        Q(worker__worker_kind=User.WorkerKind.PEER, role_definition__kind=RoleDefinition.Kind.CLINICAL)
        | Q(worker__worker_kind=User.WorkerKind.CLINICAL, role_definition__kind=RoleDefinition.Kind.PEER)
    )


def team_assignment_findings(team: Team, today: date) -> list[AssignmentFinding]:
    """The team's current and upcoming assignments that blur peer and clinical work (one query)."""
    rows = (
        _current_assignments(today)
        .filter(team=team)
        .select_related("worker", "role_definition")
        .order_by("worker__display_name", "starts_on")
    )
    return assignment_findings(rows)


def assignment_finding_counts(team_ids: Collection[UUID], today: date) -> dict[UUID, int]:
    """``{team_id: how many current assignments blur peer and clinical work}`` (one query)."""
    rows = _current_assignments(today).filter(team_id__in=list(team_ids)).values("team_id").annotate(n=Count("pk"))
    return {row["team_id"]: row["n"] for row in rows}


def _role(definition: RoleDefinition | None) -> dict[str, Any] | None:
    if definition is None:
        return None
    return {"id": definition.pk, "title": definition.title, "version": definition.version, "kind": definition.kind}


def _duty(duty: Duty | None) -> dict[str, Any] | None:
    if duty is None:
        return None
    return {"id": duty.pk, "position": duty.position, "description": duty.description, "category": duty.category}


def finding_as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "peer_role": _role(finding.peer_role),
        "peer_duty": _duty(finding.peer_duty),
        "clinical_role": _role(finding.clinical_role),
        "clinical_duty": _duty(finding.clinical_duty),
        "similarity": finding.similarity,
        "advice": finding.advice,
    }


def assignment_finding_as_dict(finding: AssignmentFinding) -> dict[str, Any]:
    assignment = finding.assignment
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "assignment": assignment.pk,
        "worker": {"id": assignment.worker.pk, "display_name": str(assignment.worker)},
        "role": _role(assignment.role_definition),
        "hours_per_week": assignment.hours_per_week,
        "advice": finding.advice,
    }


def overlap_report(team: Team, today: date | None = None) -> dict[str, Any]:
    """The team's report (three queries: definitions, duties, assignments), shaped for the API.
    ``today``: the organisation's (which assignments are current); by default worked out here."""
    today = today or org_today(team.organisation)
    definitions = team_published_definitions(team)
    findings = find_overlaps(definitions)
    held = team_assignment_findings(team, today)
    return {
        "team": team.pk,
        "team_name": team.name,
        "roles_compared": len(compared_roles(definitions)),
        "count": len(findings),
        "findings": [finding_as_dict(f) for f in findings],
        "assignment_count": len(held),
        "assignment_findings": [assignment_finding_as_dict(f) for f in held],
        "rule": RULE,
    }
