"""Which breakdowns of a group pulse may be shown: one pure rule (proof sketch in ``README.md``).

A breakdown is a set of people whose answers are summed (everyone who answered a pooled pulse,
its peer workers, its clinicians, one team's share of it, a team's clinicians in a readiness
pulse). Anyone who sees two sums of overlapping sets can subtract one from the other, so a
breakdown is released only if that subtraction — and every other combination of what is
already shown — still covers at least ``minimum`` people:

1. the breakdown itself has at least ``minimum`` people;
2. its difference from every breakdown already shown, both ways, is empty or at least
   ``minimum`` people (no subtraction of overlapping groups);
3. it splits no group of people already indistinguishable among what is shown (an *atom*:
   the people who are in exactly the same shown breakdowns) into a part smaller than
   ``minimum``; the people it adds from outside everything shown are at least ``minimum`` too.

Rule 3 is what makes the rule hold for any number of breakdowns, not only pairs: every shown sum
is a sum of atom sums, so what can be worked out from all of them together is at most the atom
sums, and no new atom is smaller than ``minimum``.

``shown`` is what has been released before (earlier pulses of the same kind in the same place,
so repeated pulses differing by one respondent are caught); ``candidates`` are tried in the
order given, each accepted one joining ``shown`` for the next. Members are any hashable ids.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K")


def _small(size: int, minimum: int) -> bool:
    return 0 < size < minimum


def may_release(candidate: frozenset, shown: Sequence[frozenset], minimum: int) -> bool:
    """Whether ``candidate`` may join ``shown`` (rules 1–3 of the module doc)."""
    if len(candidate) < minimum:
        return False
    for other in shown:
        if _small(len(candidate - other), minimum) or _small(len(other - candidate), minimum):
            return False
    # Rule 3: the atoms of ``shown`` (people with the same membership pattern), each split in two.
    patterns: dict[Hashable, tuple[bool, ...]] = {}
    for person in set().union(candidate, *shown):
        patterns[person] = tuple(person in s for s in shown)
    inside: Counter = Counter()
    outside: Counter = Counter()
    for person, pattern in patterns.items():
        (inside if person in candidate else outside)[pattern] += 1
    nowhere = tuple(False for _ in shown)
    for pattern, count in inside.items():
        rest = outside.get(pattern, 0)
        if pattern == nowhere:
            # people outside everything shown: a new atom of their own
            if _small(count, minimum):
                return False
        elif rest and (_small(count, minimum) or _small(rest, minimum)):
            # an atom it splits: both parts must be large enough (one left whole is no news)
            return False
    return True


def releasable(
    candidates: Iterable[tuple[K, Iterable[Hashable]]], *, shown: Iterable[Iterable[Hashable]] = (), minimum: int
) -> list[K]:
    """The keys of the candidates that may be shown, in order (each accepted one counts as shown
    for those after it)."""
    released: list[frozenset] = [frozenset(s) for s in shown]
    keys = []
    for key, members in candidates:
        group = frozenset(members)
        if may_release(group, released, minimum):
            released.append(group)
            keys.append(key)
    return keys
