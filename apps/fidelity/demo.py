"""Demo peer practice checks: the Riverside peer workers over the last few quarters (five
people answered the earlier quarters, so the team figure shows; three so far this quarter, so
it reads "not enough answers"). Pat shared their latest check with their peer supervisor.
Idempotent."""

from datetime import timedelta

from apps.accounts.models import User
from apps.core.sharing import default_reader_ids
from apps.fidelity.models import FidelityAnswer, FidelityCheck
from apps.fidelity.principles import DEFAULT_INTERVAL_DAYS, PRINCIPLE_KEYS, RATHER_NOT_SAY

# (person, days ago, scores in PRINCIPLE_KEYS order (None: rather not say), a note on one principle)
CHECKS: list[tuple[str, int, list[int | None], tuple[str, str] | None]] = [
    ("peer", 200, [3, 3, 2, 2, 4, 3, 2], ("experiential_knowledge", "Ward rounds still talk over the peer view.")),
    ("peer2", 195, [4, 3, 3, 2, 3, 3, 3], None),
    ("peer3", 190, [3, 2, 2, 1, 3, 2, 3], None),
    ("supervisor", 198, [4, 4, 3, 3, 4, 4, 3], None),
    ("peer4", 205, [3, 3, None, 2, 3, 3, 2], None),
    ("peer", 110, [3, 4, 3, 3, 4, 3, 3], ("shared_power", "Asked to chase medication again; said no this time.")),
    ("peer2", 105, [4, 4, 3, 3, 3, 4, 3], None),
    ("peer3", 100, [3, 3, 2, 2, 3, 3, 3], None),
    ("supervisor", 108, [4, 4, 4, 3, 4, 4, 4], None),
    ("peer4", 112, [3, 3, 3, 2, 3, 2, 2], None),
    ("peer", 10, [4, 4, 3, 3, 4, 4, 3], ("community", "The allotment group is up and running.")),
    ("peer2", 8, [4, 3, 3, 3, 4, 3, 4], None),
    ("supervisor", 5, [4, 4, 3, 4, 4, 4, 3], None),
]


def seed(ctx) -> None:
    for key, days_ago, scores, note in CHECKS:
        author = ctx.people.get(key) or User.objects.filter(username=f"demo-{key}").first()
        if author is None:
            continue
        taken_on = ctx.today - timedelta(days=days_ago)
        if FidelityCheck.objects.filter(author=author, taken_on=taken_on).exists():
            continue
        shared = key == "peer" and days_ago == 10
        check = FidelityCheck.objects.create(
            organisation=ctx.organisation,
            author=author,
            taken_on=taken_on,
            next_due_on=taken_on + timedelta(days=DEFAULT_INTERVAL_DAYS),
            share_with_supervisor=shared,
        )
        FidelityAnswer.objects.bulk_create(
            FidelityAnswer(
                fidelity_check=check,
                principle=principle,
                score=score,
                skipped="" if score is not None else RATHER_NOT_SAY,
                note=note[1] if note and note[0] == principle else "",
            )
            for principle, score in zip(PRINCIPLE_KEYS, scores, strict=True)
        )
        if shared:
            check.readers.set(default_reader_ids(author))
        ctx.note(f"peer practice check by {key}")
