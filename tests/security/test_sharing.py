"""Sharing names people, and the kind of supervision matters (issue 13).

Each test here failed on main before named readers: there, *any* active agreement — a line
manager's, a supervisor appointed yesterday, a second supervisor the worker never chose —
read every boundary note, every check-in shared "with my supervisor" and every
supervisor-visible reflection, and kept reading after the worker left.

Pat (``peer``) is supervised by Sam (``supervisor``) under a peer agreement (conftest).
"""

from datetime import timedelta

import pytest

from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import forget_caps
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reflections.models import Reflection, ReflectionComment
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn
from apps.workers.services import worker_mark_left
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTES = "/api/v1/boundary-notes/"
CHECK_INS = "/api/v1/wellbeing/check-ins/"
REFLECTIONS = "/api/v1/reflections/"


def agree(supervisee, supervisor, kind, *, days_ago=30):
    today = org_today(supervisee.organisation)
    agreement = AgreementFactory(
        supervisee=supervisee, supervisor=supervisor, kind=kind, starts_on=today - timedelta(days=days_ago)
    )
    forget_caps(supervisee)
    forget_caps(supervisor)
    return agreement


def share_everything(api, author, **extra):
    """Pat writes a boundary note, a check-in shared with a supervisor and a supervisor-only
    reflection, through the API (readers as ``extra`` gives them, else the default)."""
    client = api.as_(author)
    note = client.post(
        NOTES,
        {
            "occurred_on": (org_today(author.organisation) - timedelta(days=1)).isoformat(),
            "category": "self_disclosure",
            "situation": "Asked whether I had ever been sectioned.",
            "risk": "low",
            **extra,
        },
        format="json",
    )
    check_in = client.post(
        CHECK_INS, {"mood": 2, "note": "Scared to tell work.", "share_with_supervisor": True, **extra}, format="json"
    )
    reflection = client.post(
        REFLECTIONS,
        {
            "title": "After the ward round",
            "occurred_on": (org_today(author.organisation) - timedelta(days=1)).isoformat(),
            "framework": "free",
            "sections": {"body": "I kept my story back and it felt right."},
            "visibility": "supervisor",
            **extra,
        },
        format="json",
    )
    for response in (note, check_in, reflection):
        assert response.status_code == 201, response.json()
    return {"note": note.json()["id"], "check_in": check_in.json()["id"], "reflection": reflection.json()["id"]}


def reads(api, user, ids) -> dict:
    """What ``user`` reads of the three entries, through the API."""
    client = api.as_(user)
    shared = {row["id"] for row in client.get(CHECK_INS, {"shared_with_me": "true"}).json()["results"]}
    return {
        "note": client.get(f"{NOTES}{ids['note']}/").status_code == 200,
        "check_in": ids["check_in"] in shared,
        "reflection": client.get(f"{REFLECTIONS}{ids['reflection']}/").status_code == 200,
    }


NOTHING = {"note": False, "check_in": False, "reflection": False}
EVERYTHING = {"note": True, "check_in": True, "reflection": True}


def test_a_line_manager_with_a_line_agreement_reads_none_of_a_peers_notes_check_ins_or_supervisor_reflections(
    api, everyone
):
    peer, manager = everyone["peer"], everyone["manager"]
    agree(peer, manager, Agreement.Kind.LINE)
    ids = share_everything(api, peer)
    assert reads(api, manager, ids) == NOTHING
    # Positive control: the peer supervisor, named by default, reads all three.
    assert reads(api, everyone["supervisor"], ids) == EVERYTHING
    # The manager is not even told a note awaits review.
    assert not Notification.objects.filter(recipient=manager, kind="boundary_note_submitted").exists()


def test_a_line_manager_the_worker_names_reads_that_entry_and_only_while_the_agreement_lasts(api, everyone):
    peer, manager = everyone["peer"], everyone["manager"]
    line = agree(peer, manager, Agreement.Kind.LINE)
    ids = share_everything(api, peer, readers=[str(manager.pk)])
    assert reads(api, manager, ids) == EVERYTHING
    # Named readers are exactly those named: the peer supervisor was not, this time.
    assert reads(api, everyone["supervisor"], ids) == NOTHING
    Agreement.objects.filter(pk=line.pk).update(ends_on=org_today(peer.organisation) - timedelta(days=1))
    assert reads(api, manager, ids) == NOTHING


def test_a_supervisor_appointed_after_an_entry_was_shared_does_not_read_it_until_shared_anew(api, everyone):
    peer, newcomer = everyone["peer"], everyone["clinician"]
    ids = share_everything(api, peer)
    agree(peer, newcomer, Agreement.Kind.PEER, days_ago=0)
    assert reads(api, newcomer, ids) == NOTHING
    # New entries shared "with my supervisor" now name both peer supervisors.
    later = share_everything(api, peer)
    assert reads(api, newcomer, later) == EVERYTHING
    # The worker shares the earlier note and reflection anew, naming the newcomer too.
    both = [str(everyone["supervisor"].pk), str(newcomer.pk)]
    client = api.as_(peer)
    assert client.patch(f"{NOTES}{ids['note']}/", {"readers": both}, format="json").status_code == 200
    assert client.patch(f"{REFLECTIONS}{ids['reflection']}/", {"readers": both}, format="json").status_code == 200
    assert reads(api, newcomer, ids) == {"note": True, "check_in": False, "reflection": True}
    note = BoundaryNote.objects.get(pk=ids["note"])
    assert set(note.readers.values_list("pk", flat=True)) == {everyone["supervisor"].pk, newcomer.pk}


def test_a_check_in_shared_with_supervisor_a_is_not_read_by_supervisor_b(api, everyone):
    peer, a, b = everyone["peer"], everyone["supervisor"], everyone["clinician"]
    agree(peer, b, Agreement.Kind.PEER)
    response = api.as_(peer).post(
        CHECK_INS,
        {"mood": 2, "note": "Scared to tell work.", "share_with_supervisor": True, "readers": [str(a.pk)]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["readers"] == [str(a.pk)]
    check_in = CheckIn.objects.get(pk=response.json()["id"])
    assert list(check_in.readers.values_list("pk", flat=True)) == [a.pk]
    for supervisor, sees in ((a, True), (b, False)):
        rows = api.as_(supervisor).get(CHECK_INS, {"shared_with_me": "true"}).json()["results"]
        assert (response.json()["id"] in {row["id"] for row in rows}) is sees


def test_after_the_worker_leaves_their_former_supervisor_reads_nothing(api, everyone, riverside):
    peer = everyone["peer"]
    ids = share_everything(api, peer)
    team = api.as_(peer).patch(
        f"{REFLECTIONS}{ids['reflection']}/",
        {"visibility": "team", "team": str(riverside.pk)},
        format="json",
    )
    assert team.status_code == 200, team.json()
    assert reads(api, everyone["supervisor"], ids) == EVERYTHING
    worker_mark_left(actor=everyone["admin"], worker=peer)
    assert reads(api, everyone["supervisor"], ids) == NOTHING
    # Team entries are hidden too: nobody but the author reads anything of a leaver.
    for persona in ("peer2", "manager", "admin"):
        assert api.as_(everyone[persona]).get(f"{REFLECTIONS}{ids['reflection']}/").status_code == 404
    assert Reflection.objects.filter(pk=ids["reflection"]).exists()


@pytest.mark.parametrize("kind", ["note", "check_in", "reflection"])
@pytest.mark.parametrize("who", ["colleague", "other_org", "former", "not_an_id"])
def test_readers_must_be_current_supervisors_else_a_400_naming_the_field(api, everyone, other_org, kind, who):
    peer = everyone["peer"]
    if who == "former":
        former = agree(peer, everyone["clinician"], Agreement.Kind.PEER, days_ago=90)
        Agreement.objects.filter(pk=former.pk).update(ends_on=org_today(peer.organisation) - timedelta(days=1))
    reader = {
        "colleague": lambda: str(everyone["peer2"].pk),
        "other_org": lambda: str(UserFactory(organisation=other_org).pk),
        "former": lambda: str(everyone["clinician"].pk),
        "not_an_id": lambda: "sam",
    }[who]()
    before = (BoundaryNote.objects.count(), CheckIn.objects.count(), Reflection.objects.count())
    client = api.as_(peer)
    url = {"note": NOTES, "check_in": CHECK_INS, "reflection": REFLECTIONS}[kind]
    body = {
        "note": {"occurred_on": "2020-01-01", "category": "gifts", "situation": "A card.", "risk": "low"},
        "check_in": {"mood": 3, "share_with_supervisor": True},
        "reflection": {
            "title": "T",
            "occurred_on": "2020-01-01",
            "framework": "free",
            "sections": {"body": "x"},
            "visibility": "supervisor",
        },
    }[kind]
    response = client.post(url, {**body, "readers": [reader]}, format="json")
    assert response.status_code == 400
    assert "readers" in response.json()
    assert (BoundaryNote.objects.count(), CheckIn.objects.count(), Reflection.objects.count()) == before


def test_readers_of_a_private_entry_are_refused(api, everyone):
    client = api.as_(everyone["peer"])
    body = {"title": "T", "occurred_on": "2020-01-01", "framework": "free", "sections": {"body": "x"}}
    response = client.post(REFLECTIONS, {**body, "readers": [str(everyone["supervisor"].pk)]}, format="json")
    assert response.status_code == 400 and "readers" in response.json()
    response = client.post(CHECK_INS, {"mood": 3, "readers": [str(everyone["supervisor"].pk)]}, format="json")
    assert response.status_code == 400 and "readers" in response.json()
    assert not Reflection.objects.exists() and not CheckIn.objects.exists()


def test_only_the_author_sees_who_reads_an_entry(api, everyone):
    ids = share_everything(api, everyone["peer"])
    mine = api.as_(everyone["peer"]).get(f"{REFLECTIONS}{ids['reflection']}/").json()
    assert mine["readers"] == [str(everyone["supervisor"].pk)]
    theirs = api.as_(everyone["supervisor"]).get(f"{REFLECTIONS}{ids['reflection']}/").json()
    assert theirs["readers"] is None


def test_a_supervisor_no_longer_named_gets_no_reply_notifications_and_cannot_comment_or_acknowledge(api, everyone):
    peer, sam = everyone["peer"], everyone["supervisor"]
    ids = share_everything(api, peer)
    url = f"{REFLECTIONS}{ids['reflection']}/"
    assert api.as_(sam).post(f"{url}comments/", {"body": "Let's talk."}, format="json").status_code == 201
    # Pat keeps the entry shared but names nobody: Sam no longer reads it.
    assert api.as_(peer).patch(url, {"readers": []}, format="json").status_code == 200
    assert api.as_(peer).post(f"{url}comments/", {"body": "Thanks."}, format="json").status_code == 201
    assert not Notification.objects.filter(recipient=sam, kind="reflection_comment_reply").exists()
    assert api.as_(sam).post(f"{url}comments/", {"body": "Again."}, format="json").status_code == 404
    assert api.as_(sam).post(f"{url}acknowledge/").status_code == 404
    assert Reflection.objects.get(pk=ids["reflection"]).acknowledged_at is None


def test_a_supervisor_who_reads_a_team_entry_only_as_a_team_member_replies_as_a_colleague_not_a_supervisor(
    api, everyone, riverside
):
    # Sam is in Riverside; Pat shares with Riverside but names nobody.
    response = api.as_(everyone["peer"]).post(
        REFLECTIONS,
        {
            "title": "Team learning",
            "occurred_on": "2020-01-01",
            "framework": "free",
            "sections": {"body": "x"},
            "visibility": "team",
            "team": str(riverside.pk),
            "readers": [],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    url = f"{REFLECTIONS}{response.json()['id']}/"
    sam = api.as_(everyone["supervisor"])
    assert sam.get(url).status_code == 200
    # Issue 19, item 2: a team colleague replies while the author keeps replies on; the reply is
    # kept with the team it was written in (a colleague's, not a supervisor's comment)...
    reply = sam.post(f"{url}comments/", {"body": "Hi"}, format="json")
    assert reply.status_code == 201
    assert ReflectionComment.objects.get(pk=reply.json()["id"]).team_id == riverside.pk
    # ...and acknowledging stays a named supervisor's act.
    assert sam.post(f"{url}acknowledge/").status_code == 403


def test_a_reviewed_note_can_be_shared_with_a_new_supervisor_and_unshared_at_once(api, everyone):
    peer, sam, newcomer = everyone["peer"], everyone["supervisor"], everyone["clinician"]
    ids = share_everything(api, peer)
    review = api.as_(sam).post(f"{NOTES}{ids['note']}/review/", {"response": "Well handled."}, format="json")
    assert review.status_code == 200
    agree(peer, newcomer, Agreement.Kind.CLINICAL, days_ago=0)
    client = api.as_(peer)
    assert client.patch(f"{NOTES}{ids['note']}/", {"readers": [str(newcomer.pk)]}, format="json").status_code == 200
    assert api.as_(newcomer).get(f"{NOTES}{ids['note']}/").status_code == 200
    assert api.as_(sam).get(f"{NOTES}{ids['note']}/").status_code == 404
    # The text stays frozen: a text change of a reviewed note is still refused, readers untouched.
    refused = api.as_(peer).patch(
        f"{NOTES}{ids['note']}/", {"situation": "Changed", "readers": [str(sam.pk)]}, format="json"
    )
    assert refused.status_code in (400, 409)
    note = BoundaryNote.objects.get(pk=ids["note"])
    assert note.situation == "Asked whether I had ever been sectioned."
    assert list(note.readers.values_list("pk", flat=True)) == [newcomer.pk]
