"""Reading boundary notes (spec §2).

Text is readable by the author and by the supervisors the author named for the note, while
they supervise the author (``policies.read_filter``) — nobody else. Managers see counts and
each note's state for their teams; org admins see counts only. A note's text (and its
follow-ups) reaches a page or the API only through :func:`read_boundary_note` or
:func:`read_follow_ups`, which record the read (by anyone but the author) in the audit trail.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_read
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.boundaries.policies import read_filter, supervisor_read_filter
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership, Team

RISK_RANK = Case(
    When(risk=BoundaryNote.Risk.HIGH, then=Value(0)),
    When(risk=BoundaryNote.Risk.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def boundary_notes_visible_to(user: User) -> QuerySet[BoundaryNote]:
    """The user's own notes and the notes that name them as a reader (``policies``)."""
    return BoundaryNote.objects.filter(organisation_id=org_id(user)).filter(read_filter(user))


def boundary_notes_shared_with(user: User) -> QuerySet[BoundaryNote]:
    """Supervisees' notes that name ``user`` as a reader (never the user's own)."""
    return BoundaryNote.objects.filter(organisation_id=org_id(user)).filter(supervisor_read_filter(user))


def get_boundary_note_for(user: User, note_id: UUID | str) -> BoundaryNote:
    return get_or_404(boundary_notes_visible_to(user).select_related("author", "reviewer"), note_id)


def my_boundary_notes(user: User) -> QuerySet[BoundaryNote]:
    return BoundaryNote.objects.filter(author_id=user.pk).select_related("reviewer").order_by("-submitted_at")


def review_queue(user: User) -> QuerySet[BoundaryNote]:
    """Supervisees' notes awaiting review: highest risk first, then the longest waiting."""
    return (
        boundary_notes_shared_with(user)
        .filter(status=BoundaryNote.Status.SUBMITTED)
        .select_related("author")
        .annotate(risk_rank=RISK_RANK)
        .order_by("risk_rank", "submitted_at")
    )


def reader_names(note: BoundaryNote) -> list[str]:
    """Who the author named as readers (for the author's own pages)."""
    return [u.display_name for u in note.readers.order_by("display_name")]


def read_boundary_note(user: User, note: BoundaryNote) -> BoundaryNote:
    """``note`` (already scoped by :func:`get_boundary_note_for`) about to be shown to ``user``
    with its text and follow-ups: records the read (not when ``user`` is the author)."""
    audit_read(actor=user, target=note)
    return note


def follow_ups_of(note: BoundaryNote) -> QuerySet[FollowUp]:
    """The note's follow-ups, oldest first. Show them only with a note read through
    :func:`read_boundary_note` (whose read covers them), or use :func:`read_follow_ups`."""
    return FollowUp.objects.filter(note=note).order_by("created_at")


def read_follow_ups(user: User, note: BoundaryNote) -> QuerySet[FollowUp]:
    """The follow-ups of ``note`` shown on their own (the API's paginated sub-collection):
    recorded as one read of the note."""
    read_boundary_note(user, note)
    return follow_ups_of(note)


def summary_scope(user: User, team: Team | None = None) -> Q | None:
    """Whose notes a manager or org admin may count, as a queryset of author ids, or ``None``
    when the user may not see summaries at all. ``team`` narrows to one team (already
    checked visible by the caller)."""
    my = caps(user)
    if team is not None:
        if not my.can_manage_team(team.pk):
            return None
        team_ids = {team.pk}
    elif my.is_org_admin:
        return None if user.organisation_id is None else Q(organisation_id=user.organisation_id)
    else:
        team_ids = my.managed_team_ids
        if not team_ids:
            return None
    members = Membership.objects.active(my.today).filter(team_id__in=team_ids).values("worker_id")
    return Q(organisation_id=user.organisation_id, author_id__in=members)


def boundary_note_counts(scope: Q) -> dict[str, Any]:
    """``{submitted, reviewed, closed, total}`` over the notes in ``scope`` — one query."""
    counts = BoundaryNote.objects.filter(scope).aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in BoundaryNote.Status.values},
    )
    return counts


def labelled_note_counts(scope: Q) -> list[tuple[str, str, int]]:
    """``(label, status, count)`` per status, in the order and words the notes themselves use
    (``BoundaryNote.Status`` labels: "Waiting for a reply", "Replied", "Done for now")."""
    counts = boundary_note_counts(scope)
    return [(label, status, counts[status]) for status, label in BoundaryNote.Status.choices]


def boundary_note_states(scope: Q) -> QuerySet[BoundaryNote]:
    """Each note's state without its text: who, status, when (managers only)."""
    return (
        BoundaryNote.objects.filter(scope)
        .select_related("author")
        .only("id", "author__display_name", "author__username", "status", "submitted_at", "reviewed_at")
        .order_by("status", "submitted_at")
    )
