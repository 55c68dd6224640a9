"""Data rights over the whole world: the export holds everything a worker wrote or that is
recorded about them (every app contributes a section); erasure deletes what they authored and
keeps, without their identity, what others need."""

import json

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.community.models import Post, Thread
from apps.competencies.models import Assessment, TrainingRecord
from apps.credentials.models import PracticeEntry, ProfileChoice
from apps.drift.models import DriftSnapshot
from apps.portfolio.models import EvidenceLink
from apps.reflections import services as reflection_services
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped
from apps.supervision.models import Agreement, SupervisionSession
from apps.voice.data_rights import erase
from apps.voice.models import VoiceAction
from apps.wellbeing.models import CheckIn
from tests.security.world import SECRETS

pytestmark = pytest.mark.django_db

SECTIONS = {
    "account",
    "memberships",
    "role_assignments",
    "role_drift",
    "reflections",
    "boundary_notes",
    "supervision",
    "wellbeing",
    "competencies",
    "credential_hours",
    "portfolio",
    "team_voice",
    "notifications",
    "community",
}
# What Pat wrote (or is about Pat alone); the supervisor's comment on Pat's reflection goes with it.
PATS = {
    "QXreflprivate",
    "QXrefldraft",
    "QXreflsupbody",
    "QXreflsuptitle",
    "QXreflteambody",
    "QXcommentbody",
    "QXnotesituation",
    "QXnoteshared",
    "QXnotereasoning",
    "QXfollowup",
    "QXcheckinprivate",
    "QXcheckinshared",
    "QXsignoffcomment",
    "QXcertificatename",
    "QXpracticenote",
    # The peer community: Pat's thread title and posts (issue 19, item 1).
    "QXcommunitytitle",
    "QXcommunitybody",
    "QXcommunityhidden",
}


MANAGERS_TO_THE_TEAM = {"QXvoiceheard", "QXvoiceplanned"}


def _export(world, actor):
    client = APIClient()
    client.force_login(world.actors[actor])
    response = client.get("/api/v1/workers/me/export/")
    assert response.status_code == 200
    return response.json()


def test_the_export_holds_everything_the_worker_wrote_or_is_recorded_about_them(world):
    document = _export(world, "author")
    assert SECTIONS <= set(document)
    text = json.dumps(document)
    # Robin's reply in Pat's community thread is Robin's words: in Robin's export, not Pat's;
    # "you said, we did" is the manager's words to the team: in the manager's export, not Pat's.
    readable = {marker for marker, readers in SECRETS.items() if "author" in readers} - {"QXcommunityreply"}
    readable -= MANAGERS_TO_THE_TEAM
    # The organisation's status on an organisational competence (issue 18, item 5) is what a
    # manager recorded about the team's workplace, not anything of Pat's.
    readable -= {"QXorgstatusnote"}
    assert "QXcommunityreply" in json.dumps(_export(world, "peer2"))
    assert sorted(readable - {m for m in readable if m in text}) == []
    # Pat's evidence links (issue 17): each names the competency and the record in Pat's words.
    links = document["portfolio"]["evidence_links"]
    assert sorted(link["kind"] for link in links) == ["reflection", "reflection", "supervision_session"]
    assert any(link["record"] == "About QXreflsuptitle" for link in links)
    # Pat's role-drift snapshot (issue 18, item 2): the figures are Pat's own.
    assert document["role_drift"]["role_drift_snapshots"][0]["taken_on"]
    # The anonymous feedback Pat sent is not linked to Pat, so it is not in Pat's export either.
    assert "QXfeedbackbody" not in text


def test_a_supervisor_exports_what_they_wrote_but_not_their_supervisees_text(world):
    text = json.dumps(_export(world, "supervisor"))
    for mine in ("QXcommentbody", "QXnoteresponse", "QXsessiontopics", "QXsessionactions"):
        assert mine in text
    for theirs in ("QXreflsupbody", "QXnotesituation", "QXcheckinshared", "QXfollowup"):
        assert theirs not in text


def test_a_manager_exports_the_you_said_we_did_they_recorded_and_erasure_keeps_it_for_the_team(world):
    text = json.dumps(_export(world, "manager"))
    assert all(marker in text for marker in MANAGERS_TO_THE_TEAM)
    manager = world.actors["manager"]
    erase(manager)
    action = VoiceAction.objects.get(pk=world.ids["voice_action"])
    assert (action.author, action.heard) == (None, "QXvoiceheard")


def test_erasure_deletes_what_the_worker_wrote_and_keeps_what_others_need(world):
    admin = APIClient()
    admin.force_login(world.actors["admin"])
    author = world.actors["author"]
    assert admin.post(f"/api/v1/workers/{author.pk}/leave/").status_code == 200
    response = admin.post(f"/api/v1/workers/{author.pk}/erase/")
    assert response.status_code == 200, response.content

    assert not Reflection.objects.filter(author=author).exists()
    assert not ReflectionComment.objects.filter(reflection__author=author).exists()
    assert not BoundaryNote.objects.filter(author=author).exists()
    assert not FollowUp.objects.filter(author=author).exists()
    assert not CheckIn.objects.filter(author=author).exists()
    assert not Assessment.objects.filter(worker=author).exists()
    assert not TrainingRecord.objects.filter(worker=author).exists()
    assert not PracticeEntry.objects.filter(worker=author).exists()
    assert not ProfileChoice.objects.filter(worker=author).exists()
    assert not EvidenceLink.objects.filter(worker=author).exists()
    # The peer community: Pat's posts are removed; Robin's reply stays under a neutral title.
    assert not Post.objects.filter(author=author).exists()
    thread = Thread.objects.get(pk=world.ids["cm_thread"])
    assert thread.author is None and "QXcommunitytitle" not in thread.title
    assert list(thread.posts.values_list("body", flat=True)) == ["QXcommunityreply"]
    assert not DriftSnapshot.objects.filter(worker=author).exists()
    # The supervision record stays with the supervisor, under an anonymous name.
    assert Agreement.objects.filter(supervisee=author).exists()
    assert SupervisionSession.objects.filter(pk=world.ids["session"]).exists()
    erased = User.objects.get(pk=author.pk)
    assert erased.display_name == "Erased worker"
    supervisor_export = json.dumps(_export(world, "supervisor"))
    assert "QXsessiontopics" in supervisor_export and "Pat Peer" not in supervisor_export
    left = {marker for marker in PATS if marker in supervisor_export}
    assert left == set()


def test_a_colleagues_reply_and_marker_are_in_their_export_and_go_with_their_erasure(world):
    """Issue 19, item 2: Robin's reply on Pat's team entry is Robin's text (and Pat's entry's)."""
    peer2 = world.actors["peer2"]
    entry = Reflection.objects.get(pk=world.ids["r_team"])
    reflection_services.helped_set(actor=peer2, reflection=entry, helped=True)
    document = _export(world, "peer2")
    assert "QXteamreply" in json.dumps(document)
    assert document["reflections"]["marked_helped"][0]["reflection"] == str(entry.pk)
    # Pat's entry itself is not Robin's.
    assert "QXreflteambody" not in json.dumps(document)
    admin = APIClient()
    admin.force_login(world.actors["admin"])
    assert admin.post(f"/api/v1/workers/{peer2.pk}/leave/").status_code == 200
    assert admin.post(f"/api/v1/workers/{peer2.pk}/erase/").status_code == 200
    assert not ReflectionComment.objects.filter(author=peer2).exists()
    assert not ReflectionHelped.objects.filter(user=peer2).exists()
    assert Reflection.objects.filter(pk=entry.pk).exists()
