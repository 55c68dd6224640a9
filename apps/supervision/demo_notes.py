"""Demo: the reviewed boundary note was discussed in its author's latest peer supervision
session with the reviewer. Seeded right after the boundary notes (``apps.core.demo.SEEDERS``):
a session's links to the notes it discussed are supervision's records, and boundaries sits
beside supervision, so it does not read agreements. Idempotent: a link is added once."""

from apps.boundaries.demo import NOTES
from apps.boundaries.models import BoundaryNote
from apps.core.demo import DemoContext
from apps.supervision.models import Agreement


def seed(ctx: DemoContext) -> None:
    for author_key, reviewer_key, status, _days, category, _risk, situation, *_ in NOTES:
        if status != BoundaryNote.Status.REVIEWED or reviewer_key is None:
            continue
        author = ctx.people[author_key]
        note = BoundaryNote.objects.filter(author=author, category=category, situation=situation).first()
        agreement = Agreement.objects.filter(
            supervisee=author, supervisor=ctx.people[reviewer_key], kind=Agreement.Kind.PEER
        ).first()
        session = agreement.sessions.order_by("-held_on").first() if agreement else None
        if note is not None and session is not None and not session.boundary_notes.filter(pk=note.pk).exists():
            session.boundary_notes.add(note)
            ctx.note("boundary note linked to a session")
