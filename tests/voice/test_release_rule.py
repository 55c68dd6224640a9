"""Issue 19: the one rule deciding which breakdowns of a group pulse may be shown (``release``).

Pure: sets of ids in, keys out. Each test names the subtraction it stops; the last checks the
promise itself on many random families — nothing derivable covers fewer than the minimum.
"""

import itertools
import random

from apps.voice.release import may_release, releasable

M = 5


def people(*names):
    return frozenset(names)


A5 = people(*"abcde")


def test_a_group_below_the_minimum_is_never_shown():
    assert releasable([("all", "abcd")], minimum=M) == []
    assert releasable([("all", "abcde")], minimum=M) == ["all"]


def test_a_breakdown_one_person_smaller_than_the_whole_is_withheld():
    # everyone (6) minus peer workers (5) would be the one clinician's answers
    keys = releasable([("all", "abcdef"), ("kind:peer", "abcde"), ("kind:clinical", "f")], minimum=M)
    assert keys == ["all"]


def test_nested_breakdowns_far_enough_apart_are_both_shown():
    keys = releasable([("all", "abcdefghij"), ("kind:peer", "abcde"), ("kind:clinical", "fghij")], minimum=M)
    assert keys == ["all", "kind:peer", "kind:clinical"]


def test_overlapping_teams_whose_private_corner_is_small_are_not_both_shown():
    # Team A = a..f, team B = b..j: A \ B is one person (a)
    team_a, team_b = people(*"abcdef"), people(*"bcdefghij")
    union = team_a | team_b
    keys = releasable([("all", union), ("team:A", team_a), ("team:B", team_b)], minimum=M)
    # all \ team B = {a}: B is withheld; all \ team A = {g,h,i,j}: A is withheld too
    assert keys == ["all"]


def test_the_order_decides_which_of_two_conflicting_breakdowns_wins():
    assert releasable([("x", "abcdef"), ("y", "abcde")], minimum=M) == ["x"]
    assert releasable([("y", "abcde"), ("x", "abcdef")], minimum=M) == ["y"]


def test_an_earlier_pulse_counts_as_shown_one_person_leaving():
    # pulse 1: a..f released; f leaves; pulse 2: a..e — the difference is f's answer
    assert releasable([("all", A5)], shown=[people(*"abcdef")], minimum=M) == []


def test_repeated_pulses_differing_by_one_respondent_are_withheld():
    assert releasable([("all", "abcdefg")], shown=[people(*"abcdef")], minimum=M) == []
    # the same people again is no new information; five more is a group of its own
    assert releasable([("all", "abcdef")], shown=[people(*"abcdef")], minimum=M) == ["all"]
    assert releasable([("all", "abcdefghijk")], shown=[people(*"abcdef")], minimum=M) == ["all"]


def test_team_sets_chosen_so_their_difference_is_one_person():
    # an admin asks teams {A} (a..e), then teams {A, B} where B adds only z
    assert releasable([("all", "abcdez")], shown=[A5], minimum=M) == []


def test_three_sets_whose_pairwise_differences_pass_but_whose_atoms_do_not():
    # Pairwise every difference is ≥ 5, yet a..e ∪ f..j and f..j ∪ k..o and a..e ∪ k..o ∪ {z}
    # split into atoms where {z} is alone: the third is refused by rule 3.
    s1 = people(*"abcdefghij")
    s2 = people(*"fghijklmno")
    s3 = people(*"abcdeklmnoz")
    assert all(len(x - y) >= M for x, y in itertools.permutations([s1, s2, s3], 2))
    assert may_release(s1, [], M) and may_release(s2, [s1], M)
    assert not may_release(s3, [s1, s2], M)


def test_small_atoms_already_shown_do_not_block_a_breakdown_that_leaves_them_whole():
    # history holds an old small corner (released before this rule); a new set that contains
    # every old set whole adds nothing about it
    old = [people(*"abcdef"), people(*"abcdefg")]
    assert may_release(people(*"abcdefghijkl"), old, M)


def _derivable_minimum(sets, universe):
    """The smallest non-empty group whose sum can be worked out from the sums of ``sets``: the
    smallest atom (people in exactly the same sets), since every sum is a sum of atoms."""
    atoms = {}
    for person in universe:
        pattern = tuple(person in s for s in sets)
        if any(pattern):
            atoms[pattern] = atoms.get(pattern, 0) + 1
    return min(atoms.values()) if atoms else None


def test_nothing_derivable_from_what_is_released_covers_fewer_than_the_minimum():
    rng = random.Random(19)
    universe = list(range(30))
    for _ in range(400):
        candidates = [(i, frozenset(rng.sample(universe, rng.randint(3, 25)))) for i in range(rng.randint(1, 7))]
        keys = releasable(candidates, minimum=M)
        shown = [dict(candidates)[k] for k in keys]
        smallest = _derivable_minimum(shown, universe)
        assert smallest is None or smallest >= M, (candidates, keys)
        # and every pairwise difference is empty or at least the minimum
        for x, y in itertools.permutations(shown, 2):
            assert len(x - y) == 0 or len(x - y) >= M
