"""Demo supervision: agreements in every state (on track, due soon, overdue, paused), all agreed
to by both people, and a peer worker (demo-peer3) whose only supervision is clinical — with a
peer supervision agreement with demo-supervisor *proposed* by the manager, accepted by the
supervisor and awaiting demo-peer3's consent (sign in as demo-peer3 to see what it would
share). Idempotent: agreements are looked up by (supervisee, supervisor, kind); sessions are
added only to an agreement that has none, and ``next_due_on`` is computed by the same function the services use."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo import DEMO_PASSWORD
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.services import agreements_refresh_due
from apps.teams.models import Membership

# supervisee, supervisor, kind, every n days, days since the last session → the state today
AGREEMENTS = [
    ("peer", "supervisor", Agreement.Kind.PEER, 28, 7),  # on track (due in 21 days)
    ("peer", "manager", Agreement.Kind.LINE, 42, 44),  # overdue by 2 days
    ("peer2", "supervisor", Agreement.Kind.PEER, 28, 26),  # due soon (in 2 days)
    ("peer3", "clinician", Agreement.Kind.CLINICAL, 28, 35),  # overdue; peer3's only agreement is clinical
    ("peer4", "supervisor", Agreement.Kind.PEER, 28, 20),  # paused: peer4 has stepped away (wellbeing demo)
]

# supervisee, supervisor, kind, every n days: proposed by the manager, the supervisor has
# accepted, the supervisee has not answered yet.
PROPOSED = [("peer3", "supervisor", Agreement.Kind.PEER, 28)]

SESSION_TOPICS = {
    Agreement.Kind.PEER: "How much of my own story to share in a first meeting; keeping peer practice distinct.",
    Agreement.Kind.LINE: "Hours, rota and training plan.",
    Agreement.Kind.CLINICAL: "Risk formulation and working alongside the ward team.",
}
FUNCTIONS = {
    Agreement.Kind.PEER: ["formative", "restorative"],
    Agreement.Kind.LINE: ["normative"],
    Agreement.Kind.CLINICAL: ["normative", "formative"],
}


def _peer4(ctx) -> User:
    """An extra peer worker who has stepped away (so that one agreement shows ``paused``)."""
    person = User.objects.filter(username="demo-peer4").first()
    if person is None:
        person = User(
            username="demo-peer4",
            display_name="Lee Fairweather",
            organisation=ctx.organisation,
            worker_kind=User.WorkerKind.PEER,
            contracted_hours_per_week=Decimal("18"),
            email="demo-peer4@example.invalid",
        )
        person.set_password(DEMO_PASSWORD)
        person.save()
        ctx.note("worker demo-peer4")
    _, created = Membership.objects.get_or_create(
        team=ctx.teams["riverside"],
        worker=person,
        left_on=None,
        defaults={"team_role": Membership.TeamRole.MEMBER, "joined_on": ctx.today - timedelta(days=300)},
    )
    if created:
        ctx.note("membership peer4 in riverside")
    return person


def _agreement(ctx, supervisee_key: str, supervisor_key: str, kind: str, every: int, starts_on, **state):
    """The demo agreement of (supervisee, supervisor, kind), created by the manager with
    ``state`` (status and acceptances) unless it exists."""
    agreement, created = Agreement.objects.get_or_create(
        organisation=ctx.organisation,
        supervisee=ctx.people[supervisee_key],
        supervisor=ctx.people[supervisor_key],
        kind=kind,
        defaults={
            "frequency_days": every,
            "starts_on": starts_on,
            "created_by": ctx.people["manager"],
            "next_due_on": starts_on + timedelta(days=every),
            **state,
        },
    )
    if created:
        suffix = " (proposed)" if agreement.status == Agreement.Status.PROPOSED else ""
        ctx.note(f"agreement {kind} {supervisor_key} → {supervisee_key}{suffix}")
    return agreement


def _proposals(ctx) -> None:
    for supervisee_key, supervisor_key, kind, every in PROPOSED:
        _agreement(
            ctx,
            supervisee_key,
            supervisor_key,
            kind,
            every,
            ctx.today,
            status=Agreement.Status.PROPOSED,
            supervisor_accepted_at=timezone.now() - timedelta(days=1),
        )


def seed(ctx) -> None:
    ctx.people.setdefault("peer4", _peer4(ctx))
    _proposals(ctx)
    starts_on = ctx.today - timedelta(days=365)
    for supervisee_key, supervisor_key, kind, every, days_since in AGREEMENTS:
        supervisor = ctx.people[supervisor_key]
        agreed_at = timezone.now() - timedelta(days=365)
        agreement = _agreement(
            ctx,
            supervisee_key,
            supervisor_key,
            kind,
            every,
            starts_on,
            status=Agreement.Status.ACTIVE,
            supervisee_accepted_at=agreed_at,
            supervisor_accepted_at=agreed_at,
        )
        if agreement.sessions.exists():
            continue
        last = ctx.today - timedelta(days=days_since)
        for held_on in (last - timedelta(days=every), last):
            session = SupervisionSession.objects.create(
                organisation=ctx.organisation,
                recorded_by=supervisor,
                held_on=held_on,
                duration_minutes=60,
                topics=SESSION_TOPICS[kind],
                functions=FUNCTIONS[kind],
                values_check=(
                    {
                        "answers": {"mutuality": "lived_well", "shared_power": "in_the_way", "respect": "lived_well"},
                        "organisation_could_change": "Keep ward-round slots for the peer view; stop asking peer "
                        "workers to chase medication.",
                        "agreed_together": True,
                    }
                    if kind == Agreement.Kind.PEER
                    else None
                ),
                agreed_actions="Bring one boundary situation to the next session.",
            )
            session.agreements.set([agreement])
            ctx.note(f"session {held_on} {supervisor_key} → {supervisee_key}")
        agreements_refresh_due([agreement])
