"""Demo boundary notes in every state (awaiting review, reviewed, closed). Invented
situations that identify nobody. Idempotent: a note is found by (author, category, situation)."""

from datetime import timedelta

from django.utils import timezone

from apps.boundaries.models import BoundaryNote, FollowUp
from apps.core.capabilities import caps
from apps.core.sharing import default_reader_ids

NOTES = [
    # author, reviewer, status, days ago, category, risk, situation, what I shared, reasoning, response
    (
        "peer",
        None,
        BoundaryNote.Status.SUBMITTED,
        2,
        BoundaryNote.Category.CONTACT_OUTSIDE_WORK,
        BoundaryNote.Risk.HIGH,
        "Someone I support asked to follow me on social media and to meet up at the weekend.",
        "Nothing personal; I said I would think about it.",
        "I did not want them to feel rejected, but I am not sure where the line is.",
        "",
    ),
    (
        "peer",
        "supervisor",
        BoundaryNote.Status.REVIEWED,
        9,
        BoundaryNote.Category.SELF_DISCLOSURE,
        BoundaryNote.Risk.MEDIUM,
        "In a first meeting on the ward a person asked whether I had ever been sectioned.",
        "That I had been in hospital, and what helped me afterwards.",
        "It built trust quickly, but I shared more detail than I planned to.",
        "Sharing purposefully is the heart of peer work. Let's talk about how to keep some detail back "
        "in first meetings, so the focus stays on them.",
    ),
    (
        "peer",
        "supervisor",
        BoundaryNote.Status.CLOSED,
        40,
        BoundaryNote.Category.GIFTS,
        BoundaryNote.Risk.LOW,
        "A person I supported offered me a small thank-you card and chocolates at discharge.",
        "",
        "I accepted the card and shared the chocolates with the team, as the policy suggests.",
        "That was a kind and sensible way to handle it.",
    ),
    (
        "peer2",
        None,
        BoundaryNote.Status.SUBMITTED,
        4,
        BoundaryNote.Category.ROLE_DRIFT,
        BoundaryNote.Risk.MEDIUM,
        "I was asked to observe a person on the ward while the nurses were short-staffed.",
        "",
        "It felt like a clinical task and changed how the person saw me.",
        "",
    ),
    (
        "peer3",
        None,
        BoundaryNote.Status.SUBMITTED,
        6,
        BoundaryNote.Category.OWN_WELLBEING,
        BoundaryNote.Risk.LOW,
        "A conversation about a recent loss brought back memories of my own.",
        "That I had been through something similar.",
        "I stayed with them, but needed a break afterwards.",
        "",
    ),
]


def _chosen_readers(author) -> set:
    """Their peer supervisors; a worker with none names whoever supervises them today
    (demo-peer3: the clinician)."""
    return default_reader_ids(author) or caps(author).supervisor_ids


# A plan for sharing one's own story (issue 18, item 6), on the self-disclosure note: what the
# worker thought through after sharing more than they meant to.
DISCLOSURE_PLAN = {
    "plan_purpose": "To show that being in hospital is survivable and that people come back from it.",
    "plan_whose_interest": "Theirs, mostly. Partly mine too: I wanted them to trust me quickly.",
    "plan_what_and_how_much": "That I have been in hospital and what helped afterwards; not why, and no details.",
    "plan_ask_share_ask": "Ask what they are worried about; share one sentence; ask whether that was useful.",
    "plan_support_after": "Ten minutes' break afterwards, and bring it to peer supervision this week.",
}


def _add_plan(note: BoundaryNote) -> None:
    if note.category == BoundaryNote.Category.SELF_DISCLOSURE and not note.has_disclosure_plan:
        BoundaryNote.objects.filter(pk=note.pk).update(**DISCLOSURE_PLAN)


def seed(ctx) -> None:
    now = timezone.now()
    for author_key, reviewer_key, status, days_ago, category, risk, situation, shared, reasoning, response in NOTES:
        author = ctx.people[author_key]
        note = BoundaryNote.objects.filter(author=author, category=category, situation=situation).first()
        if note is None:
            submitted_at = now - timedelta(days=days_ago)
            reviewed_at = submitted_at + timedelta(days=2) if status != BoundaryNote.Status.SUBMITTED else None
            note = BoundaryNote.objects.create(
                organisation=ctx.organisation,
                author=author,
                occurred_on=ctx.today - timedelta(days=days_ago + 1),
                category=category,
                situation=situation,
                what_i_shared=shared,
                reasoning=reasoning,
                risk=risk,
                status=status,
                submitted_at=submitted_at,
                reviewer=ctx.people[reviewer_key] if reviewer_key else None,
                reviewed_at=reviewed_at,
                response=response,
                follow_up_needed=status == BoundaryNote.Status.REVIEWED,
                closed_at=reviewed_at + timedelta(days=1) if status == BoundaryNote.Status.CLOSED else None,
            )
            # Named readers as the worker would choose: their peer supervisors (demo-peer3, who
            # has only clinical supervision, names the clinician). The manager's line
            # agreement over demo-peer reads none of these notes. (The reviewed note's link to
            # a supervision session is seeded by supervision: apps/supervision/demo_notes.py.)
            note.readers.set(_chosen_readers(author))
            ctx.note(f"boundary note ({status}) by {author_key}")
            if status == BoundaryNote.Status.REVIEWED:
                FollowUp.objects.create(
                    organisation=ctx.organisation,
                    note=note,
                    author=author,
                    body="Tried keeping the detail back this week; it felt more comfortable.",
                )
                ctx.note("boundary note follow-up")
        _add_plan(note)
