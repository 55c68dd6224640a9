"""The role overlap report: where a team's peer roles and clinical roles blur.

Two kinds of finding, each naming a peer role and one of its duties, and (where there is
one) a clinical role and one of its duties:

* ``clinical_only_in_peer_role`` — a duty of a peer role is tagged ``clinical_only``.
  Paired with every clinical-role duty of the team that says the same thing; when none
  does, the finding stands alone (``clinical_role`` / ``clinical_duty`` are ``None``).
* ``similar_duties`` — a duty of a peer role and a duty of a clinical role say the same
  thing, by the rule in :mod:`apps.roles.similarity`.

Each finding has a ``severity``: ``info`` when both duties are tagged ``shared`` (the team
has already agreed the work is shared; it is listed so the split can be discussed) and
``attention`` otherwise. Roles of kind ``other`` are not compared.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from apps.roles.models import Duty, RoleDefinition
from apps.roles.selectors import team_published_definitions
from apps.roles.similarity import Similarity, compare, content_stems
from apps.teams.models import Team

CLINICAL_ONLY_IN_PEER_ROLE = "clinical_only_in_peer_role"
SIMILAR_DUTIES = "similar_duties"


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str  # "attention" | "info"
    peer_role: RoleDefinition
    peer_duty: Duty
    clinical_role: RoleDefinition | None
    clinical_duty: Duty | None
    similarity: Similarity | None
    advice: str


def _advice(
    peer_role: RoleDefinition, peer_duty: Duty, clinical_role: RoleDefinition | None, clinical_duty: Duty | None
) -> tuple[str, str]:
    C = Duty.Category
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
    if peer_duty.category == C.PEER_DISTINCT:
        return (
            "attention",
            f"Tagged peer-distinct in “{peer_role.title}”, yet “{clinical_role.title}” has the same duty: the peer "
            "contribution risks being absorbed into clinical routine.",
        )
    return "attention", "The two roles tag the same duty differently. Agree one category and who does it."


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
    for peer_role in peer_roles:
        for peer_duty in peer_role.duties.all():
            stems = content_stems(peer_duty.description)
            matched = False
            for clinical_role, clinical_duty, clinical_stems in clinical_duties:
                similarity = compare(stems, clinical_stems)
                if not similarity.similar:
                    continue
                matched = True
                severity, advice = _advice(peer_role, peer_duty, clinical_role, clinical_duty)
                kind = (
                    CLINICAL_ONLY_IN_PEER_ROLE if peer_duty.category == Duty.Category.CLINICAL_ONLY else SIMILAR_DUTIES
                )
                findings.append(
                    Finding(kind, severity, peer_role, peer_duty, clinical_role, clinical_duty, similarity, advice)
                )
            if not matched and peer_duty.category == Duty.Category.CLINICAL_ONLY:
                severity, advice = _advice(peer_role, peer_duty, None, None)
                findings.append(
                    Finding(CLINICAL_ONLY_IN_PEER_ROLE, severity, peer_role, peer_duty, None, None, None, advice)
                )
    severity_order = {"attention": 0, "info": 1}
    findings.sort(
        key=lambda f: (
            severity_order[f.severity],
            f.peer_role.title.lower(),
            f.peer_duty.position,
            f.clinical_role.title.lower() if f.clinical_role else "",
            f.clinical_duty.position if f.clinical_duty else 0,
        )
    )
    return findings


RULE = (
    "Published peer and clinical roles of the team are compared duty by duty. Texts are lower-cased, stop words "
    "and words naming service users are dropped and the rest reduced to stems; two duties are similar when their "
    "stem sets are equal, or their Jaccard index is at least 0.5 with at least two shared stems, or the difflib "
    "ratio of their sorted stems is at least 0.85. A peer-role duty tagged clinical_only is always reported."
)


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


def overlap_report(team: Team) -> dict[str, Any]:
    """The team's report (two queries: definitions, duties), shaped for the API."""
    definitions = team_published_definitions(team)
    findings = find_overlaps(definitions)
    return {
        "team": team.pk,
        "team_name": team.name,
        "roles_compared": len(compared_roles(definitions)),
        "count": len(findings),
        "findings": [finding_as_dict(f) for f in findings],
        "rule": RULE,
    }
