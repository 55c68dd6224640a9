"""Demo group pulses (issue 19): a counted pooled peer-voice pulse across Riverside and Harbour,
an open one for the whole organisation, and Riverside's readiness pulse over time (two counted
periods, one open). Invented people only: two Harbour peer workers and four Riverside clinical
colleagues join so the numbers reach the minimum group.

Idempotent: nothing is added once the organisation has a group pulse. Pulses are opened and
answered through the services (answers carry no author), then moved into the past and counted.
"""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo import DEMO_PASSWORD
from apps.teams.models import Membership
from apps.voice import group_services
from apps.voice.group_models import GroupPulse

EXTRA = [
    # key, username, display name, kind, team
    ("noor", "demo-noor", "Noor Haddad", User.WorkerKind.PEER, "harbour"),
    ("theo", "demo-theo", "Theo Marsh", User.WorkerKind.PEER, "harbour"),
    ("imani", "demo-imani", "Imani Cole", User.WorkerKind.CLINICAL, "riverside"),
    ("lee", "demo-lee", "Lee Park", User.WorkerKind.CLINICAL, "riverside"),
    ("priya", "demo-priya", "Priya Shah", User.WorkerKind.CLINICAL, "riverside"),
    ("owen", "demo-owen", "Owen Fitch", User.WorkerKind.CLINICAL, "riverside"),
]
# Riverside's readiness over two periods: clinical colleagues' answers (1-5), improving.
READINESS = [
    (10, [(2, 3, 2, 2, 3), (3, 2, 2, 3, 3), (2, 3, 1, 2, 2), (3, 3, 2, 2, 3), (2, 2, 2, 3, 2)]),
    (4, [(3, 4, 3, 3, 4), (4, 3, 3, 4, 4), (3, 4, 2, 3, 3), (4, 4, 3, 3, 4), (3, 3, 3, 4, 3)]),
]
POOLED = [(3, 3, 2, 4, 3), (2, 3, 2, 3, 2), (4, 3, 3, 4, 3), (3, 2, 2, 3, 3), (3, 4, 3, 3, 2), (2, 3, 3, 2, 3)]


def _person(ctx, key, username, name, kind, team_key):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "organisation": ctx.organisation,
            "display_name": name,
            "worker_kind": kind,
            "email": f"{username}@example.invalid",
            "contracted_hours_per_week": 30,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    User.objects.filter(pk=user.pk, own_credentials_at__isnull=True).update(own_credentials_at=timezone.now())
    user.refresh_from_db()
    Membership.objects.get_or_create(
        team=ctx.teams[team_key],
        worker=user,
        left_on=None,
        defaults={"team_role": Membership.TeamRole.MEMBER, "joined_on": ctx.today - timedelta(days=400)},
    )
    ctx.people[key] = user
    return user


def _into_the_past(pulse, weeks_ago):
    closes_on = pulse.opened_on - timedelta(weeks=weeks_ago)
    GroupPulse.objects.filter(pk=pulse.pk).update(opened_on=closes_on - timedelta(days=13), closes_on=closes_on)
    group_services.group_pulse_mix(pulse.pk)


def seed(ctx) -> None:
    if GroupPulse.objects.filter(organisation=ctx.organisation).exists():
        return
    for row in EXTRA:
        _person(ctx, *row)
    User.objects.filter(organisation=ctx.organisation, own_credentials_at__isnull=True, is_org_admin=False).update(
        own_credentials_at=timezone.now()
    )
    people = {k: User.objects.get(pk=u.pk) for k, u in ctx.people.items()}
    admin, manager = people["admin"], people["manager"]
    riverside, harbour = ctx.teams["riverside"], ctx.teams["harbour"]

    # Riverside's readiness: the same five clinical colleagues answer each period.
    clinicians = [people[k] for k in ("clinician", "imani", "lee", "priya", "owen")]
    for weeks_ago, answers in READINESS:
        pulse = group_services.group_pulse_open(
            actor=manager, kind="readiness", teams=[riverside], closes_on=ctx.today + timedelta(days=7)
        )
        for someone, values in zip(clinicians, answers, strict=True):
            group_services.group_pulse_answer(actor=someone, pulse=pulse, answers=list(values))
        _into_the_past(pulse, weeks_ago)
    ctx.note("two counted readiness periods for Riverside")
    group_services.group_pulse_open(
        actor=manager, kind="readiness", teams=[riverside], closes_on=ctx.today + timedelta(days=10)
    )

    # Pooled peer voice across Riverside and Harbour: six peer workers (Jamie is in both teams).
    peers = [people[k] for k in ("supervisor", "peer", "peer2", "peer3", "noor", "theo")]
    pooled = group_services.group_pulse_open(
        actor=admin, kind="pooled", teams=[riverside, harbour], closes_on=ctx.today + timedelta(days=7)
    )
    for someone, values in zip(peers, POOLED, strict=True):
        group_services.group_pulse_answer(actor=someone, pulse=pooled, answers=list(values))
    _into_the_past(pooled, 2)
    ctx.note("a counted pooled peer-voice pulse across Riverside and Harbour")

    # And one open now, for peer workers and clinicians of the whole organisation.
    group_services.group_pulse_open(
        actor=admin,
        kind="pooled",
        whole_organisation=True,
        audience_="everyone",
        closes_on=ctx.today + timedelta(days=14),
    )
    ctx.note("an open pooled pulse for the whole organisation")
