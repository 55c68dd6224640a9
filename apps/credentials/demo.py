"""Demo hours: Pat (the demo peer) tracks the IC&RC Peer Recovery profile and has logged some
practice hours over the last months. Idempotent: created only when Pat's log is empty."""

from datetime import timedelta
from decimal import Decimal

from apps.credentials import services
from apps.credentials.models import PracticeEntry, ProfileChoice

# days ago, hours, category, note (never anything identifying a person)
ENTRIES = [
    (3, "3", "direct_peer_support", "Drop-in at the community hub"),
    (10, "2", "group_work", "Hearing voices group"),
    (17, "3", "direct_peer_support", "Ward visits"),
    (24, "1.5", "training_delivery", "Recovery college session"),
    (40, "4", "group_work", "Walking group"),
    (75, "2.5", "other", "Service user forum"),
]


def seed(ctx) -> None:
    peer = ctx.people["peer"]
    if not ProfileChoice.objects.filter(worker=peer).exists():
        services.profiles_choose(actor=peer, profiles=["icrc-peer-recovery"])
        ctx.note("Pat tracks the IC&RC Peer Recovery profile")
    if PracticeEntry.objects.filter(worker=peer).exists():
        return
    for days_ago, hours, category, note in ENTRIES:
        services.practice_entry_create(
            actor=peer,
            worked_on=ctx.today - timedelta(days=days_ago),
            hours=Decimal(hours),
            category=category,
            note=note,
        )
    ctx.note(f"{len(ENTRIES)} practice log entries for Pat")
