"""Boundary notes in a worker's export (their notes with reviews and follow-ups, and the reviews
they wrote as a supervisor), and their erasure (their notes deleted; reviews they gave stay,
under their anonymised account, as part of their supervisees' notes)."""

from apps.boundaries.models import BoundaryNote
from apps.core.readable import Readable


def _iso(value):
    return value.isoformat() if value else None


def _names(readers) -> list[str]:
    """Who the entry was shared with (named readers, issue 13): their display names."""
    return sorted(r.display_name for r in readers)


def export(user) -> dict:
    notes = (
        BoundaryNote.objects.filter(author=user)
        .select_related("reviewer")
        .prefetch_related("follow_ups", "readers")
        .order_by("submitted_at")
    )
    reviewed = BoundaryNote.objects.filter(reviewer=user).exclude(author=user).order_by("reviewed_at")
    return {
        "boundary_notes": [
            {
                "id": str(n.pk),
                "occurred_on": _iso(n.occurred_on),
                "category": n.category,
                "situation": n.situation,
                "what_i_shared": n.what_i_shared,
                "reasoning": n.reasoning,
                **{field: getattr(n, field) for field in BoundaryNote.DISCLOSURE_PLAN_FIELDS},
                "risk": n.risk,
                "status": n.status,
                "shared_with": _names(n.readers.all()),
                "submitted_at": _iso(n.submitted_at),
                "reviewer": n.reviewer.display_name if n.reviewer is not None else None,
                "reviewed_at": _iso(n.reviewed_at),
                "response": n.response,
                "follow_up_needed": n.follow_up_needed,
                "closed_at": _iso(n.closed_at),
                "follow_ups": [{"body": f.body, "created_at": _iso(f.created_at)} for f in n.follow_ups.all()],
            }
            for n in notes
        ],
        # Only the response they wrote: the note itself is its author's.
        "reviews_i_wrote": [
            {"note": str(n.pk), "reviewed_at": _iso(n.reviewed_at), "response": n.response} for n in reviewed
        ],
    }


def erase(worker) -> None:
    """Delete the worker's notes (their follow-ups and links to sessions go with them)."""
    BoundaryNote.objects.filter(author=worker).delete()


READABLE = Readable(
    title="Boundary notes",
    labels={
        "boundary_notes": "My boundary notes",
        "occurred_on": "What happened on",
        "category": "Kind of situation",
        "situation": "The situation",
        "what_i_shared": "What I shared",
        "reasoning": "My reasoning",
        "plan_purpose": "Why I would share",
        "plan_whose_interest": "In whose interest",
        "plan_what_and_how_much": "What and how much",
        "plan_ask_share_ask": "Ask, share, ask",
        "plan_support_after": "Support for me afterwards",
        "risk": "How soon I wanted to talk it through",
        "status": "Where it is",
        "shared_with": "Shared with",
        "submitted_at": "Shared on",
        "reviewer": "Replied by",
        "reviewed_at": "Replied on",
        "response": "Reply",
        "follow_up_needed": "Follow-up wanted",
        "closed_at": "Done on",
        "follow_ups": "Follow-ups",
        "body": "Follow-up",
        "created_at": "Written",
        "reviews_i_wrote": "Replies I wrote to others' notes",
    },
    values={
        "category": dict(BoundaryNote.Category.choices),
        "risk": dict(BoundaryNote.Risk.choices),
        "status": dict(BoundaryNote.Status.choices),
    },
    hidden=frozenset({"id", "note"}),
)
