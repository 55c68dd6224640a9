"""Demo wellbeing: a few check-ins (one shared with the supervisor) and a worker who has
stepped away (demo-peer4, so that their agreement shows ``paused``). Idempotent."""

from datetime import timedelta

from apps.accounts.models import User
from apps.core.sharing import default_reader_ids
from apps.wellbeing.models import CheckIn, StepAway

CHECK_INS = [
    ("peer", 4, "Good week. The team listened when I raised the peer perspective.", False),
    ("peer", 2, "Tired after a hard conversation; would like to talk it through.", True),
    ("peer2", 3, "", False),
]


def seed(ctx) -> None:
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
