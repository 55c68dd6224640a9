"""Parity of the read rule (issue 13, case 11): for every persona × every visibility × every
kind of private entry, the policy answer (``policies.can_read``) equals the selector answer
(the entry is in ``*_visible_to``), and both equal the explicit table below.

The instance checks are built from the same ``Q`` as the selectors, but this test does not
take that on trust: widen either (e.g. "supervisors read anything") and a cell of the table
fails. It also walks the supervisor-only lists ("shared with me", the review queue, shared
check-ins), which must hold exactly the entries the persona reads *as a named supervisor*.

The world (Pat writes everything; nobody but Pat, Robin and Morgan is in Riverside, so each
supervisor reads only through the supervision rule):

| persona            | who                                                               |
|--------------------|-------------------------------------------------------------------|
| author             | Pat, a peer worker in Riverside                                   |
| named_peer         | Sam: peer supervision, named when Pat shared                      |
| unnamed_supervisor | Uma: clinical supervision, active, not named                      |
| line_unnamed       | Lenny: line management, active, not named                         |
| line_named         | Nia: line management, active, named                               |
| team_member        | Robin, in Riverside                                               |
| team_manager       | Morgan, Riverside's manager (no agreement)                        |
| org_admin          | Ada                                                               |
| other_org          | Otto, org admin of another organisation                           |
| ended              | Eve: peer supervision, named, agreement ended after sharing       |
| later              | Lara: peer supervision that began after Pat shared                |

Then the same world once Pat has left: nobody but Pat reads anything.
"""

from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.boundaries import policies as note_policies
from apps.boundaries.selectors import boundary_notes_shared_with, boundary_notes_visible_to, review_queue
from apps.boundaries.services import boundary_note_submit
from apps.core.dates import org_today
from apps.reflections import policies as reflection_policies
from apps.reflections import selectors as reflection_selectors
from apps.reflections.services import reflection_create
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from apps.wellbeing import policies as check_in_policies
from apps.wellbeing.selectors import check_ins_shared_with, check_ins_visible_to
from apps.wellbeing.services import check_in_record
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "author",
    "named_peer",
    "unnamed_supervisor",
    "line_unnamed",
    "line_named",
    "team_member",
    "team_manager",
    "org_admin",
    "other_org",
    "ended",
    "later",
]
ENTRIES = [
    "reflection_private",
    "reflection_supervisor",
    "reflection_team",
    "reflection_draft",
    "boundary_note",
    "check_in_private",
    "check_in_shared",
]

# entry -> who reads it (while Pat works here). Written out, not derived from the code.
NAMED = {"named_peer", "line_named"}
EXPECTED = {
    "reflection_private": {"author"},
    "reflection_supervisor": {"author"} | NAMED,
    "reflection_team": {"author", "team_member", "team_manager", "org_admin"} | NAMED,
    "reflection_draft": {"author"},
    "boundary_note": {"author"} | NAMED,
    "check_in_private": {"author"},
    "check_in_shared": {"author"} | NAMED,
}
# entry -> who reads it *as a named supervisor* (the supervisor lists, comments, reviews).
EXPECTED_AS_SUPERVISOR = {
    "reflection_private": set(),
    "reflection_supervisor": NAMED,
    "reflection_team": NAMED,
    "reflection_draft": set(),
    "boundary_note": NAMED,
    "check_in_private": set(),
    "check_in_shared": NAMED,
}


def _world():
    org = OrganisationFactory(name="Northfield")
    other_org = OrganisationFactory(name="Southbank")
    today = org_today(org)
    riverside = TeamFactory(organisation=org, name="Riverside")
    joined = today - timedelta(days=365)

    def person(name, **kwargs):
        return UserFactory(organisation=kwargs.pop("organisation", org), display_name=name, **kwargs)

    people = {
        "author": person("Pat Peer"),
        "named_peer": person("Sam Supervisor"),
        "unnamed_supervisor": person("Uma Clinical", worker_kind=User.WorkerKind.CLINICAL),
        "line_unnamed": person("Lenny Line", worker_kind=User.WorkerKind.CLINICAL),
        "line_named": person("Nia Named", worker_kind=User.WorkerKind.CLINICAL),
        "team_member": person("Robin Peer"),
        "team_manager": person("Morgan Manager", worker_kind=User.WorkerKind.CLINICAL),
        "org_admin": person("Ada Admin", is_org_admin=True),
        "other_org": person("Otto Outsider", organisation=other_org, is_org_admin=True),
        "ended": person("Eve Ended"),
        "later": person("Lara Later"),
    }
    for key, role in (("author", "member"), ("team_member", "member"), ("team_manager", "manager")):
        MembershipFactory(team=riverside, worker=people[key], team_role=role, joined_on=joined)
    kinds = {
        "named_peer": Agreement.Kind.PEER,
        "unnamed_supervisor": Agreement.Kind.CLINICAL,
        "line_unnamed": Agreement.Kind.LINE,
        "line_named": Agreement.Kind.LINE,
        "ended": Agreement.Kind.PEER,
    }
    agreements = {
        key: AgreementFactory(
            supervisee=people["author"], supervisor=people[key], kind=kind, starts_on=today - timedelta(days=60)
        )
        for key, kind in kinds.items()
    }

    # Pat shares, naming Sam, Nia and Eve (through the services, as the pages and API do).
    author = User.objects.get(pk=people["author"].pk)
    readers = [people["named_peer"].pk, people["line_named"].pk, people["ended"].pk]

    def reflection(visibility, **kwargs):
        return reflection_create(
            actor=author,
            title=f"A {visibility} entry",
            occurred_on=today - timedelta(days=2),
            framework="free",
            sections={"body": "Some text."},
            visibility=visibility,
            **kwargs,
        )

    entries = {
        "reflection_private": reflection("private"),
        "reflection_supervisor": reflection("supervisor", readers=readers),
        "reflection_team": reflection("team", team=riverside, readers=readers),
        "reflection_draft": reflection("team", team=riverside, readers=readers, is_draft=True),
        "boundary_note": boundary_note_submit(
            actor=author,
            occurred_on=today - timedelta(days=1),
            category="self_disclosure",
            situation="Asked whether I had been sectioned.",
            risk="low",
            readers=readers,
        ),
        "check_in_private": check_in_record(actor=author, mood=3, note="Fine."),
        "check_in_shared": check_in_record(
            actor=author, mood=2, note="Scared to tell work.", share_with_supervisor=True, readers=readers
        ),
    }
    # Afterwards: Eve's agreement ends, Lara's begins.
    Agreement.objects.filter(pk=agreements["ended"].pk).update(ends_on=today - timedelta(days=1))
    AgreementFactory(supervisee=people["author"], supervisor=people["later"], kind=Agreement.Kind.PEER, starts_on=today)
    assert not Membership.objects.filter(worker=people["named_peer"]).exists()
    return people, entries


POLICY = {
    "reflection": reflection_policies.can_read,
    "boundary": note_policies.can_read,
    "check": check_in_policies.can_read,
}
SELECTOR = {
    "reflection": reflection_selectors.reflections_visible_to,
    "boundary": boundary_notes_visible_to,
    "check": check_ins_visible_to,
}


def _kind(entry: str) -> str:
    return entry.split("_")[0]


def _answers(persona_user, entries):
    """``{entry: (policy answer, selector answer, supervisor-list answer)}`` for a fresh user
    object (no capabilities cached from an earlier question)."""
    answers = {}
    for name, entry in entries.items():
        kind = _kind(name)
        user = User.objects.get(pk=persona_user.pk)
        policy = POLICY[kind](user, entry)
        user = User.objects.get(pk=persona_user.pk)
        selector = SELECTOR[kind](user).filter(pk=entry.pk).exists()
        user = User.objects.get(pk=persona_user.pk)
        as_supervisor = (
            {
                "reflection": lambda u: reflection_selectors.shared_with_me(u),
                "boundary": boundary_notes_shared_with,
                "check": check_ins_shared_with,
            }[kind](user)
            .filter(pk=entry.pk)
            .exists()
        )
        answers[name] = (policy, selector, as_supervisor)
    return answers


@pytest.mark.parametrize("left", [False, True], ids=["working", "left"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_policy_selector_and_table_agree(persona, left):
    people, entries = _world()
    if left:
        User.objects.filter(pk=people["author"].pk).update(status=User.Status.LEFT, is_active=False)
    answers = _answers(people[persona], entries)
    wrong = []
    for name in ENTRIES:
        policy, selector, as_supervisor = answers[name]
        expected = persona in EXPECTED[name] and (not left or persona == "author")
        expected_supervisor = persona in EXPECTED_AS_SUPERVISOR[name] and not left
        if not (policy == selector == expected) or as_supervisor != expected_supervisor:
            wrong.append(
                f"{persona} × {name}: policy={policy} selector={selector} expected={expected}; "
                f"as supervisor={as_supervisor} expected={expected_supervisor}"
            )
    assert not wrong, "\n".join(wrong)


def test_the_review_queue_and_comment_rights_follow_the_same_rule():
    people, entries = _world()
    note, reflection = entries["boundary_note"], entries["reflection_supervisor"]
    for persona in PERSONAS:
        user = User.objects.get(pk=people[persona].pk)
        named = persona in NAMED
        assert review_queue(user).filter(pk=note.pk).exists() is named, persona
        user = User.objects.get(pk=people[persona].pk)
        assert note_policies.can_review(user, note) is named, persona
        assert reflection_policies.can_acknowledge(user, reflection) is named, persona
        assert reflection_policies.can_comment(user, reflection) is (named or persona == "author"), persona
