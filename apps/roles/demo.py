"""Demo roles for Riverside: a peer role and a clinical role that overlap, and assignments
in both acknowledged and unacknowledged states. Co-production (issue 18, item 3): the peer role
names the lived experience it calls on; its next version is a draft the two demo peer workers were
asked about (one proposal decided, one waiting, one view recorded), and the second peer worker
has asked for a change to the role proposed to them. Idempotent: looked up by team and title."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from apps.core.demo import DemoContext
from apps.roles import services
from apps.roles.models import Assignment, AssignmentComment, Consultation, DefinitionComment, RoleDefinition
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
    "lived_experience": [
        "Experience of mental distress and of using mental health services",
        "Experience of recovery, and of what helped and what did not",
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
    definition = (
        RoleDefinition.objects.filter(team=team, title=spec["title"])
        .exclude(status="draft")
        .order_by("-version")
        .first()
    )
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
        lived_experience=spec.get("lived_experience"),
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
    _co_production(ctx, roles[id(PEER_ROLE)])


def _co_production(ctx: DemoContext, published: RoleDefinition) -> None:
    """The peer role's next version as a draft the peer workers were asked about."""
    manager, peer, peer2 = ctx.people["manager"], ctx.people["peer"], ctx.people["peer2"]
    if RoleDefinition.objects.filter(lineage=published.lineage, status=RoleDefinition.Status.DRAFT).exists():
        return
    draft = services.role_definition_update(
        actor=manager,
        definition=published,
        data={"purpose": f"{PEER_ROLE['purpose']} Draft for the new year: offered to the team for comment."},
    )
    services.consultation_ask(actor=manager, definition=draft, workers=[peer, peer2])
    services.definition_comment_add(
        actor=peer,
        definition=draft,
        proposes=DefinitionComment.Proposes.DUTIES,
        body="Take “Administer prescribed medication” out: it is not peer work, and it changes how people see us.",
    )
    accepted = services.definition_comment_add(
        actor=peer2,
        definition=draft,
        proposes=DefinitionComment.Proposes.LIVED_EXPERIENCE,
        body="Add experience of being detained: several of us bring it, and it is what people on the ward ask about.",
    )
    services.definition_comment_decide(
        actor=manager, comment=accepted, decision="accepted", reason="Agreed — added to the list in the next edit."
    )
    services.consultation_respond(actor=peer, definition=draft, response=Consultation.Response.RESERVATIONS)
    waiting = Assignment.objects.filter(worker=peer2, acknowledged_at__isnull=True).first()
    if waiting is not None:
        services.assignment_comment_add(
            actor=peer2,
            assignment=waiting,
            kind=AssignmentComment.Kind.CHANGE_REQUEST,
            body="Could the hours be 18 rather than 22.5 until my contract changes?",
        )
    ctx.note("peer role v2 draft with peer consultation, comments and a change request")
