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

from django.core.exceptions import ValidationError
from django.db.models import Q

from apps.core.capabilities import caps


def named_reader_q(user, through, entry_column: str) -> Q:
    """Entries that name ``user`` as a reader and whose author ``user`` supervises today.

    ``through`` is the entry's ``readers`` M2M table; a subquery (not a join), so that an
    entry with several readers is never returned twice and OR-ing this with other rules
    stays a plain filter.
    """
    supervisee_ids = caps(user).supervisee_ids
    if not supervisee_ids:
        return Q(pk__in=[])
    named = through.objects.filter(user_id=user.pk).values(entry_column)
    return Q(pk__in=named, author_id__in=supervisee_ids)


def author_not_left_q(user) -> Q:
    """Entries whose author has not left (checked for every reader but the author)."""
    from apps.accounts.models import User

    left = User.objects.filter(organisation_id=user.organisation_id, status=User.Status.LEFT).values("pk")
    return ~Q(author_id__in=left)


def current_supervisors(author):
    """Everyone who supervises ``author`` today, any kind: whom they may name as readers."""
    from apps.accounts.models import User

    return User.objects.filter(pk__in=caps(author).supervisor_ids, organisation_id=author.organisation_id)


def default_reader_ids(author) -> set:
    """Who reads an entry shared "with my supervisor" when the worker names nobody: their
    peer supervisors today (not line management, not clinical supervision)."""
    from apps.supervision.models import Agreement

    return set(
        Agreement.objects.active(caps(author).today)
        .filter(supervisee_id=author.pk, kind=Agreement.Kind.PEER)
        .order_by()
        .values_list("supervisor_id", flat=True)
    )


def clean_reader_ids(author, readers: Iterable | None, *, field: str = "readers") -> set | None:
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


def readers_for(author, readers: set | None, *, shared: bool, was_shared: bool, current: set) -> set:
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


def supervisor_choices(author) -> tuple[dict, set]:
    """For the share forms, in one query: ``{supervisor_id: "Sam Supervisor (peer
    supervision)"}`` of everyone supervising ``author`` today, and the ids of the peer
    supervisors among them (ticked by default)."""
    from apps.supervision.models import Agreement

    kinds: dict = {}
    peers = set()
    for agreement in (
        Agreement.objects.active(caps(author).today)
        .filter(supervisee_id=author.pk)
        .select_related("supervisor")
        .order_by("supervisor__display_name", "kind")
    ):
        if agreement.kind == Agreement.Kind.PEER:
            peers.add(agreement.supervisor_id)
        label = agreement.get_kind_display().lower()
        name, labels = kinds.get(agreement.supervisor_id, (agreement.supervisor.display_name, []))
        if label not in labels:
            labels.append(label)
        kinds[agreement.supervisor_id] = (name, labels)
    return {pk: f"{name} ({', '.join(labels)})" for pk, (name, labels) in kinds.items()}, peers
