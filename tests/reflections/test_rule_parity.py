"""One predicate per question: every list a page or the API shows agrees with the policy
predicate it stands for, for every persona × every kind of entry (issue 14).

``policies.can_read`` and ``selectors.reflections_visible_to`` are built from the same ``Q``;
``tests/security/test_read_parity.py`` checks both against a written-out table. Here the
*derived* lists are held to the predicates, so a filter added to one of them (a feed that
forgot the read rule, a "shared with me" that forgot who was named) fails a cell:

* the team feed of an entry's team holds it  ⇔  ``can_read`` and it is a published team entry;
* "shared with me" holds it                  ⇔  ``reads_as_supervisor``;
* the shared check-ins list holds one         ⇔  ``can_read`` and the reader is not its author.

Entries are by ``peer`` (supervised by ``supervisor``) unless said otherwise; "named nobody"
entries are shared without readers (so even the supervisor does not read them as such).
"""

import pytest

from apps.accounts.models import User
from apps.reflections import policies, selectors
from apps.reflections.models import Reflection
from apps.wellbeing import policies as check_in_policies
from apps.wellbeing.selectors import check_ins_shared_with, check_ins_visible_to
from tests.reflections.factories import ReflectionFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["peer", "supervisor", "peer2", "clinician", "manager", "other_manager", "harbour_peer", "admin", "outsider"]


@pytest.fixture
def world(everyone, riverside, harbour, org):
    peer = everyone["peer"]
    team = Reflection.Visibility.TEAM
    reflections = {
        "private": ReflectionFactory(author=peer),
        "supervisor": ReflectionFactory(author=peer, visibility="supervisor"),
        "supervisor_named_nobody": ReflectionFactory(author=peer, visibility="supervisor", readers=[]),
        "team": ReflectionFactory(author=peer, visibility=team, team=riverside),
        "team_named_nobody": ReflectionFactory(author=peer, visibility=team, team=riverside, readers=[]),
        "team_draft": ReflectionFactory(author=peer, visibility=team, team=riverside, is_draft=True),
        "harbour_team": ReflectionFactory(author=everyone["harbour_peer"], visibility=team, team=harbour),
    }
    check_ins = {
        "private": CheckInFactory(organisation=org, author=peer),
        "shared": CheckInFactory(organisation=org, author=peer, share_with_supervisor=True),
        "shared_named_nobody": CheckInFactory(organisation=org, author=peer, share_with_supervisor=True, readers=[]),
    }
    return reflections, check_ins


def _fresh(user):
    """The persona without capabilities cached by an earlier question."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_reflection_lists_agree_with_the_policy_predicates(everyone, world, persona):
    reflections, _ = world
    wrong = []
    for name, entry in reflections.items():
        user = _fresh(everyone[persona])
        can_read = policies.can_read(user, entry)
        as_supervisor = policies.reads_as_supervisor(user, entry)
        visible = selectors.reflections_visible_to(_fresh(user)).filter(pk=entry.pk).exists()
        in_feed = selectors.team_feed(_fresh(user), entry.team).filter(pk=entry.pk).exists() if entry.team else False
        shared = selectors.shared_with_me(_fresh(user)).filter(pk=entry.pk).exists()
        expected_in_feed = can_read and entry.visibility == "team" and not entry.is_draft
        if visible != can_read or in_feed != expected_in_feed or shared != as_supervisor:
            wrong.append(
                f"{persona} × {name}: can_read={can_read} visible={visible}; feed={in_feed} "
                f"expected {expected_in_feed}; shared with me={shared} reads_as_supervisor={as_supervisor}"
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_check_in_lists_agree_with_the_policy_predicate(everyone, world, persona):
    _, check_ins = world
    wrong = []
    for name, check_in in check_ins.items():
        user = _fresh(everyone[persona])
        can_read = check_in_policies.can_read(user, check_in)
        visible = check_ins_visible_to(_fresh(user)).filter(pk=check_in.pk).exists()
        shared = check_ins_shared_with(_fresh(user)).filter(pk=check_in.pk).exists()
        if visible != can_read or shared != (can_read and check_in.author_id != user.pk):
            wrong.append(f"{persona} × {name}: can_read={can_read} visible={visible} shared with me={shared}")
    assert not wrong, "\n".join(wrong)


def test_the_world_exercises_both_answers_of_every_predicate(everyone, world):
    """Guard against a vacuous table: each predicate is true for some cell and false for another."""
    reflections, check_ins = world
    supervisor, clinician, manager = (_fresh(everyone[p]) for p in ("supervisor", "clinician", "manager"))
    assert policies.reads_as_supervisor(supervisor, reflections["team"])
    assert not policies.reads_as_supervisor(supervisor, reflections["team_named_nobody"])
    assert policies.can_read(clinician, reflections["team_named_nobody"])
    assert not policies.can_read(manager, reflections["supervisor"])
    assert check_in_policies.can_read(supervisor, check_ins["shared"])
    assert not check_in_policies.can_read(_fresh(supervisor), check_ins["shared_named_nobody"])
