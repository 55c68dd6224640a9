"""Demo organisation, people, teams and memberships (invented people only)."""

from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.core.dates import org_today
from apps.core.demo import DEMO_ORGANISATION, DEMO_PASSWORD
from apps.teams.models import Membership, Team

PEOPLE = [
    # key, username, display name, kind, contracted hours, org admin
    ("admin", "demo-admin", "Ada Adeyemi", User.WorkerKind.OTHER, "37.5", True),
    ("manager", "demo-manager", "Morgan Reid", User.WorkerKind.CLINICAL, "37.5", False),
    ("supervisor", "demo-supervisor", "Sam Okafor", User.WorkerKind.PEER, "30", False),
    ("clinician", "demo-clinician", "Casey Moore", User.WorkerKind.CLINICAL, "37.5", False),
    ("peer", "demo-peer", "Pat Lindqvist", User.WorkerKind.PEER, "22.5", False),
    ("peer2", "demo-peer2", "Robin Achebe", User.WorkerKind.PEER, "15", False),
    ("peer3", "demo-peer3", "Jamie Novak", User.WorkerKind.PEER, "20", False),
    ("crisis_manager", "demo-crisis-manager", "Alex Brandt", User.WorkerKind.CLINICAL, "37.5", False),
]

TEAMS = [
    (
        "riverside",
        "Riverside Community Team",
        Team.Setting.COMMUNITY,
        "Community mental health team with two peer support workers.",
    ),
    ("harbour", "Harbour Crisis Team", Team.Setting.CRISIS, "Crisis resolution and home treatment."),
]

MEMBERSHIPS = [
    ("riverside", "manager", Membership.TeamRole.MANAGER),
    ("riverside", "supervisor", Membership.TeamRole.SUPERVISOR),
    ("riverside", "clinician", Membership.TeamRole.SUPERVISOR),
    ("riverside", "peer", Membership.TeamRole.MEMBER),
    ("riverside", "peer2", Membership.TeamRole.MEMBER),
    ("riverside", "peer3", Membership.TeamRole.MEMBER),
    ("harbour", "crisis_manager", Membership.TeamRole.MANAGER),
    ("harbour", "peer3", Membership.TeamRole.MEMBER),
]


def seed(ctx) -> None:
    organisation, created = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"time_zone": "Europe/London", "time_zone_checked_at": timezone.now()}
    )
    if created:
        ctx.note(f"organisation {organisation}")
    ctx.organisation = organisation
    ctx.today = org_today(organisation)

    for key, username, name, kind, hours, is_admin in PEOPLE:
        person = User.objects.filter(username=username).first()
        if person is None:
            person = User(
                username=username,
                display_name=name,
                organisation=organisation,
                worker_kind=kind,
                contracted_hours_per_week=Decimal(hours),
                is_org_admin=is_admin,
                email=f"{username}@example.invalid",
            )
            person.set_password(DEMO_PASSWORD)
            person.save()
            ctx.note(f"worker {username}")
        ctx.people[key] = person

    for key, name, setting, description in TEAMS:
        team, created = Team.objects.get_or_create(
            organisation=organisation, name=name, defaults={"setting": setting, "description": description}
        )
        if created:
            ctx.note(f"team {name}")
        ctx.teams[key] = team

    joined = ctx.today.replace(day=1)
    for team_key, person_key, team_role in MEMBERSHIPS:
        _, created = Membership.objects.get_or_create(
            team=ctx.teams[team_key],
            worker=ctx.people[person_key],
            left_on=None,
            defaults={"team_role": team_role, "joined_on": joined.replace(year=joined.year - 1)},
        )
        if created:
            ctx.note(f"membership {person_key} in {team_key}")
