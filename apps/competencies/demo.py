"""Demo competencies: the shipped framework, what the peer role requires, self-assessments (one
signed off, one awaiting, one with more evidence asked for) and training records (one expiring
within 30 days). Idempotent: looked up by natural keys, created only when missing."""

from datetime import timedelta
from decimal import Decimal

from apps.competencies import services
from apps.competencies.loader import SHIPPED_FILE, parse_framework_file, sync_framework
from apps.competencies.models import (
    Assessment,
    Competency,
    Domain,
    Framework,
    OrganisationalStatus,
    RoleRequirementSet,
    TrainingRecord,
)
from apps.reflections.models import Reflection
from apps.roles.models import RoleDefinition

# Practice items only: a role never requires BS3 (the worker's own wellbeing) nor an OR item.
PEER_ROLE_REQUIRES = ["LE1", "LE3", "MR1", "MR2", "RH1", "BS1", "BS2", "TI2", "SG2", "CR2", "WT1", "US1", "US2", "US3"]

# person key, competency code, level, cite reflections shared with supervisors?, decision, comment
ASSESSMENTS = [
    ("peer", "LE1", "competent", True, "signed_off", "Your account of the group session shows exactly this."),
    ("peer", "BS2", "developing", True, None, ""),
    ("peer", "US2", "competent", False, "more_evidence", "Could you add a reflection from a harder week?"),
    ("peer2", "MR1", "developing", False, None, ""),
    # Pat's own wellbeing (issue 18): Pat's alone, never signed off, seen by nobody else.
    ("peer", "BS3", "developing", False, None, ""),
    ("peer", "TI2", "developing", True, None, ""),
]

# Issue 18: what the organisation provides — (team key or None for the whole organisation,
# recorded by, code, status, note). Invented.
ORGANISATIONAL = [
    (None, "admin", "OR1", "partly", "Peer supervision is offered in two of our three teams."),
    (None, "admin", "OR5", "not_in_place", "A senior peer post is in next year's plan."),
    ("riverside", "manager", "OR1", "in_place", "Monthly group peer supervision with an external peer lead."),
    ("riverside", "manager", "OR2", "partly", "Role definition drafted; peer workers' comments due next month."),
    ("riverside", "manager", "OR4", "in_place", ""),
]

# person key, course, provider, completed (days ago), expires (days from today, None = never), hours
TRAINING = [
    ("peer", "Safeguarding adults (level 2)", "Northfield Learning", 345, 20, "6"),
    ("peer", "Peer support foundations", "Recovery College", 200, None, "30"),
    ("peer", "Mental health first aid", "MHFA England", 600, 130, "14"),
    ("peer2", "Safeguarding adults (level 2)", "Northfield Learning", 100, 265, None),
]


def seed(ctx) -> None:
    framework, changes = sync_framework(
        parse_framework_file(SHIPPED_FILE),
        organisation_id=None,
        Framework=Framework,
        Domain=Domain,
        Competency=Competency,
    )
    if changes:
        ctx.note(f"framework {framework}")
    competency = {c.code: c for c in Competency.objects.filter(framework=framework)}

    peer_role = (
        RoleDefinition.objects.filter(team=ctx.teams["riverside"], title="Peer Support Worker", status="published")
        .order_by("-version")
        .first()
    )
    if peer_role is not None and not RoleRequirementSet.objects.filter(lineage=peer_role.lineage).exists():
        services.role_requirements_set(
            actor=ctx.people["manager"],
            role_definition=peer_role,
            competencies=[competency[code] for code in PEER_ROLE_REQUIRES],
        )
        ctx.note("required competencies of the Peer Support Worker role")

    for person_key, code, level, cite, decision, comment in ASSESSMENTS:
        worker = ctx.people[person_key]
        if Assessment.objects.filter(worker=worker, competency=competency[code]).exists():
            continue
        evidence = []
        if cite:
            evidence = list(
                Reflection.objects.filter(
                    author=worker, is_draft=False, visibility__in=["supervisor", "team"]
                ).order_by("occurred_on")[:2]
            )
        private = Reflection.objects.filter(author=worker, is_draft=False, visibility="private").first()
        if private is not None and cite:
            evidence.append(private)  # cited, but still private: the supervisor does not see it
        assessment = services.assessment_create(
            actor=worker, competency=competency[code], level=level, evidence=evidence
        )
        if decision:
            services.assessment_sign_off(
                actor=ctx.people["supervisor"], assessment=assessment, decision=decision, comment=comment
            )
        ctx.note(f"self-assessment {person_key} {code} ({decision or 'awaiting sign-off'})")

    for person_key, course, provider, completed_ago, expires_in, hours in TRAINING:
        worker = ctx.people[person_key]
        if TrainingRecord.objects.filter(worker=worker, course=course).exists():
            continue
        services.training_record_create(
            actor=worker,
            course=course,
            provider=provider,
            completed_on=ctx.today - timedelta(days=completed_ago),
            expires_on=None if expires_in is None else ctx.today + timedelta(days=expires_in),
            hours=None if hours is None else Decimal(hours),
        )
        ctx.note(f"training record {person_key} {course}")

    for team_key, who, code, status, note in ORGANISATIONAL:
        team = ctx.teams[team_key] if team_key else None
        if OrganisationalStatus.objects.filter(
            organisation_id=ctx.people[who].organisation_id, team=team, competency=competency[code]
        ).exists():
            continue
        services.organisational_status_record(
            actor=ctx.people[who], team=team, competency=competency[code], status=status, note=note
        )
        ctx.note(f"organisational competence {code} for {team_key or 'the organisation'}")
