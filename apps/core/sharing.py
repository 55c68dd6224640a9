"""Sharing names people: the one rule for who, besides its author, reads a private entry
as a supervisor (reflections, boundary notes, check-ins).

A worker who shares an entry "with my supervisor" names its readers, stored on the entry
(``readers``). A named reader reads it only while **both** hold:

* they were named for that entry (a supervisor who arrives later reads nothing earlier
  unless the worker shares it anew), and
* they still supervise the author under an agreement in force today, of any kind
  (``caps().supervisee_ids``), so ending or declining an agreement revokes at once.

Nobody but the author reads anything of a worker who has left (the org admin reaches it
only through the retention and erasure services, never a page or the API).

When the worker names nobody, the entry is shared with their *peer* supervisors: line
management (and clinical supervision) reads a boundary note, a check-in or a
supervisor-only reflection only when the worker names that person for that entry.

Each app's policy module builds its read filter from :func:`named_reader_q` and
:func:`author_not_left_q`, and its instance checks query that same filter, so there is one
copy of the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet, prefetch_related_objects

from apps.core import answers
from apps.core.capabilities import Person, caps


def named_reader_q(user: Person, through: type[Model], entry_column: str) -> Q:
    """Entries that name ``user`` as a reader and whose author ``user`` supervises today.

    ``through`` is the entry's ``readers`` M2M table; a subquery (not a join), so that an
    entry with several readers is never returned twice and OR-ing this with other rules
    stays a plain filter.
    """
    supervisee_ids = caps(user).supervisee_ids
    if not supervisee_ids:
        return Q(pk__in=[])
    named = through._default_manager.filter(user_id=user.pk).values(entry_column)
    return Q(pk__in=named, author_id__in=supervisee_ids)


def shows_readers(viewer: Any, entry: Any) -> bool:
    """Whether ``viewer`` is shown the readers ``entry`` names: its author only."""
    pk = getattr(viewer, "pk", None)  # None: no one signed in
    return pk is not None and entry.author_id == pk


def prefetch_readers_shown(viewer: Person, rows: list[Any]) -> list[Any]:
    """``rows`` with their ``readers`` fetched where they are shown (``shows_readers``; everyone
    else gets ``null``). One query for a page, none when the page holds none of the viewer's
    entries."""
    own = [row for row in rows if shows_readers(viewer, row)]
    if own:
        prefetch_related_objects(own, "readers")
    return rows


def author_not_left_q(user: Person) -> Q:
    """Entries whose author has not left (checked for every reader but the author)."""
    # The user model by setting, not by import: core sits below accounts.
    User = get_user_model()
    left = User.objects.filter(organisation_id=user.organisation_id, status=User.Status.LEFT).values("pk")
    return ~Q(author_id__in=left)


def current_supervisors(author: Person) -> QuerySet[Any]:
    """Everyone who supervises ``author`` today, any kind: whom they may name as readers."""
    User = get_user_model()
    return User.objects.filter(pk__in=caps(author).supervisor_ids, organisation_id=author.organisation_id)


def default_reader_ids(author: Person) -> set[Any]:
    """Who reads an entry shared "with my supervisor" when the worker names nobody: their
    peer supervisors today (not line management, not clinical supervision)."""
    # set[Any], not set[UUID]: callers pass it to ``readers.set()``, which django-stubs types
    # as taking users or int keys only (UUID keys work).
    return answers.supervision().peer_supervisor_ids(author.pk, caps(author).today)


def clean_reader_ids(author: Person, readers: Iterable[Any] | None, *, field: str = "readers") -> set[UUID] | None:
    """``readers`` (users or ids) as a set of ids, each a current supervisor of ``author``;
    ``None`` stays ``None`` ("not given": the caller keeps or defaults). Anyone else is a
    400 naming ``field``."""
    if readers is None:
        return None
    ids = {getattr(r, "pk", r) for r in readers}
    allowed = caps(author).supervisor_ids
    strangers = ids - allowed
    if strangers:
        raise ValidationError({field: "Name only people who supervise you now."})
    return ids


def readers_for(
    author: Person, readers: set[UUID] | None, *, shared: bool, was_shared: bool, current: set[UUID]
) -> set[UUID]:
    """The readers an entry names after a change (``readers``: the cleaned choice, or None).

    * not shared (private): nobody (the caller refuses a choice given for a private entry);
    * shared and readers given: exactly those;
    * shared anew and none given: the peer supervisors today (or a draft's earlier choice);
    * still shared and none given: unchanged (a later supervisor is never added silently).
    """
    if not shared:
        return set()
    if readers is not None:
        return readers
    if not was_shared:
        return current or default_reader_ids(author)
    return current


def supervisor_choices(author: Person) -> tuple[dict[UUID, str], set[UUID]]:
    """For the share forms, in one query: ``{supervisor_id: "Sam Supervisor (peer
    supervision)"}`` of everyone supervising ``author`` today, and the ids of the peer
    supervisors among them (ticked by default)."""
    kinds: dict[UUID, tuple[str, list[str]]] = {}
    peers = set()
    for supervisor in answers.supervision().supervisors(author.pk, caps(author).today):
        if supervisor.is_peer:
            peers.add(supervisor.supervisor_id)
        label = supervisor.kind_label.lower()
        name, labels = kinds.get(supervisor.supervisor_id, (supervisor.display_name, []))
        if label not in labels:
            labels.append(label)
        kinds[supervisor.supervisor_id] = (name, labels)
    return {pk: f"{name} ({', '.join(labels)})" for pk, (name, labels) in kinds.items()}, peers
