"""Demo wellbeing: a few check-ins (one shared with the supervisor), a worker who has
stepped away (demo-peer4, so that their agreement shows ``paused``) and the organisation's
support contacts. Idempotent."""

from datetime import timedelta

from apps.accounts.models import User
from apps.core.sharing import default_reader_ids
from apps.wellbeing.models import CheckIn, StepAway, SupportContact

CHECK_INS = [
    ("peer", 4, "Good week. The team listened when I raised the peer perspective.", False),
    ("peer", 2, "Tired after a hard conversation; would like to talk it through.", True),
    ("peer2", 3, "", False),
]

SUPPORT_CONTACTS = [
    (
        SupportContact.Kind.EMPLOYEE_ASSISTANCE,
        "Employee Assistance Programme",
        "Call 0800 123 4567 and say you work for the trust. Free and confidential.",
        "Any time, day or night",
    ),
    (
        SupportContact.Kind.OCCUPATIONAL_HEALTH,
        "Occupational Health",
        "E-mail occupational.health@example.org or ask your manager to refer you.",
        "Weekdays 9am to 5pm",
    ),
    (SupportContact.Kind.CRISIS_LINE, "Samaritans", "Call 116 123 (free) or e-mail jo@samaritans.org.", "Any time"),
]


def seed(ctx) -> None:
    for kind, name, how, when in SUPPORT_CONTACTS:
        _, created = SupportContact.objects.get_or_create(
            organisation=ctx.organisation,
            name=name,
            defaults={"kind": kind, "how_to_reach": how, "when_available": when},
        )
        if created:
            ctx.note(f"support contact {name}")
    for key, mood, note, shared in CHECK_INS:
        author = ctx.people[key]
        check_in, created = CheckIn.objects.get_or_create(
            organisation=ctx.organisation,
            author=author,
            note=note,
            mood=mood,
            defaults={"share_with_supervisor": shared},
        )
        if created:
            if shared:
                # Shared with the peer supervisor only, never the line manager (issue 13).
                check_in.readers.set(default_reader_ids(author))
            ctx.note(f"check-in by {key}")

    away = ctx.people.get("peer4")
    if away is None:
        return
    if not StepAway.objects.filter(author=away).exists():
        until = ctx.today + timedelta(days=16)
        StepAway.objects.create(
            organisation=ctx.organisation,
            author=away,
            started_on=ctx.today - timedelta(days=5),
            planned_return_on=until,
            message="Taking some time for my own health. Happy to have a call before I come back.",
        )
        User.objects.filter(pk=away.pk).update(status=User.Status.STEPPED_AWAY, stepped_away_until=until)
        ctx.note("peer4 stepped away")
