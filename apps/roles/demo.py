"""Demo roles for Riverside: a peer role and a clinical role that overlap, and assignments
in both acknowledged and unacknowledged states. Idempotent: looked up by team and title."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from apps.core.demo import DemoContext
from apps.roles import services
from apps.roles.models import Assignment, RoleDefinition
from apps.teams.models import Team

PEER_ROLE = {
    "title": "Peer Support Worker",
    "kind": RoleDefinition.Kind.PEER,
    "hours_per_week": Decimal("22.5"),
    "purpose": "Bring lived experience of mental distress and recovery into the team, offer hope and a "
    "relationship of equals, and keep the team's practice recovery-focused.",
    "boundaries": "Does not assess risk, prescribe or administer medication, or hold a clinical caseload. "
    "Shares own story only when it helps the person, and talks it through in peer supervision.",
    "duties": [
        ("Share my own lived experience of recovery, purposefully, to inspire hope", "peer_distinct"),
        ("Support service users to develop their own recovery plans", "peer_distinct"),
        ("Accompany people to community groups and appointments of their choosing", "peer_distinct"),
        ("Attend team meetings and bring the peer perspective to discussions", "shared"),
        ("Administer prescribed medication", "clinical_only"),
    ],
}

CLINICAL_ROLE = {
    "title": "Care Coordinator",
    "kind": RoleDefinition.Kind.CLINICAL,
    "hours_per_week": Decimal("37.5"),
    "purpose": "Coordinate each person's care under the care programme approach.",
    "boundaries": "Refers to the peer support worker for peer support rather than providing it.",
    "duties": [
        ("Develop recovery plans with service users", "shared"),
        ("Carry out risk assessments and review them regularly", "clinical_only"),
        ("Administer and review prescribed medication", "clinical_only"),
        ("Coordinate care with GPs and other services", "shared"),
    ],
}

# person key, role, acknowledged?
ASSIGNMENTS = [
    ("peer", PEER_ROLE, True),
    ("peer2", PEER_ROLE, False),
    ("clinician", CLINICAL_ROLE, True),
]


def _role(ctx: DemoContext, team: Team, spec: dict[str, Any]) -> RoleDefinition:
    definition = RoleDefinition.objects.filter(team=team, title=spec["title"]).order_by("-version").first()
    if definition is not None:
        return definition
    manager = ctx.people["manager"]
    definition = services.role_definition_create(
        actor=manager,
        team=team,
        title=spec["title"],
        kind=spec["kind"],
        hours_per_week=spec["hours_per_week"],
        purpose=spec["purpose"],
        boundaries=spec["boundaries"],
        duties=[{"description": d, "category": c} for d, c in spec["duties"]],
    )
    definition = services.role_definition_publish(actor=manager, definition=definition)
    ctx.note(f"role {spec['title']} (published)")
    return definition


def seed(ctx: DemoContext) -> None:
    team = ctx.teams["riverside"]
    today = ctx.today
    assert today is not None  # set by the teams seeder, which runs first
    roles = {id(PEER_ROLE): _role(ctx, team, PEER_ROLE), id(CLINICAL_ROLE): _role(ctx, team, CLINICAL_ROLE)}
    for person_key, spec, acknowledged in ASSIGNMENTS:
        worker = ctx.people[person_key]
        definition = roles[id(spec)]
        if Assignment.objects.filter(worker=worker, role_definition__lineage=definition.lineage).exists():
            continue
        assignment = services.assignment_create(
            actor=ctx.people["manager"],
            worker=worker,
            role_definition=definition,
            starts_on=today - timedelta(days=30),
            hours_per_week=min(spec["hours_per_week"], worker.contracted_hours_per_week),
        )
        if acknowledged:
            services.assignment_acknowledge(actor=worker, assignment=assignment)
        else:
            # Made ten days ago, so the "assignment not acknowledged" reminder is due in the demo.
            Assignment.objects.filter(pk=assignment.pk).update(created_at=assignment.created_at - timedelta(days=10))
        ctx.note(f"assignment {person_key} as {definition.title}{'' if acknowledged else ' (unacknowledged)'}")
