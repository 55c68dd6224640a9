"""Who reads, reviews and closes a boundary note (spec §2, issue 13).

One rule, written once as a ``Q`` (``read_filter``); the instance checks ask that same
filter about the one note.

* the author: always;
* a supervisor the author named for the note (``readers``), while they supervise the author
  under an agreement in force today, of any kind — so a line manager reads a note only when
  the worker named them for it, and a supervisor appointed later reads nothing earlier;
* nobody else: managers see counts and states, org admins counts; nobody but the author
  reads anything of an author who has left.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import caps
from apps.core.sharing import author_not_left_q, named_reader_q
from apps.teams.models import Team


def supervisor_read_filter(user: User) -> Q:
    """Notes ``user`` reads as a named supervisor of their author."""
    return named_reader_q(user, BoundaryNote.readers.through, "boundarynote_id") & author_not_left_q(user)


def read_filter(user: User) -> Q:
    """The read rule as a ``Q`` over ``BoundaryNote`` (organisation scoping is the selector's)."""
    return Q(author_id=user.pk) | supervisor_read_filter(user)


def _matches(user: User, note: BoundaryNote, rule: Callable[[User], Q]) -> bool:
    cache: dict[tuple[object, str], bool] = note.__dict__.setdefault("_policy_answers", {})
    key = (user.pk, rule.__name__)
    if key not in cache:
        cache[key] = (
            note.organisation_id == user.organisation_id
            and BoundaryNote.objects.filter(pk=note.pk).filter(rule(user)).exists()
        )
    return cache[key]


def forget(note: BoundaryNote) -> None:
    """Drop cached answers after the note's readers changed."""
    note.__dict__.pop("_policy_answers", None)


def can_read(user: User, note: BoundaryNote) -> bool:
    """The instance form of ``read_filter``."""
    return _matches(user, note, read_filter)


def reads_as_supervisor(user: User, note: BoundaryNote) -> bool:
    """A named supervisor of the author (who may review, close and is told of follow-ups)."""
    return note.author_id != user.pk and _matches(user, note, supervisor_read_filter)


def is_author(user: User, note: BoundaryNote) -> bool:
    """Only the author changes, deletes, shares or follows up their note."""
    return note.author_id == user.pk


def can_review(user: User, note: BoundaryNote) -> bool:
    """A named supervisor of the author reviews (never the author: see ``reads_as_supervisor``)."""
    return reads_as_supervisor(user, note)


def can_close(user: User, note: BoundaryNote) -> bool:
    return is_author(user, note) or reads_as_supervisor(user, note)


def can_see_note_states(user: User, team: Team | None = None) -> bool:
    """Beyond the counts, managers see each note's state (who, status, when; never text) for
    ``team`` or all the teams they manage; an org admin acting as such sees counts only."""
    my = caps(user)
    if team is not None:
        return my.is_manager_of(team.pk)
    return not my.is_org_admin
