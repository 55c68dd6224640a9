"""Boundary notes through the API: every persona against every route (spec §2), the state
machine, the audit trail, and the managers' counts-only summary."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.core.dates import org_today
from apps.notifications.models import Notification
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/boundary-notes/"
TEXT = "A person asked to meet me at the weekend."


def note_body(**overrides):
    body = {
        "occurred_on": "2025-01-01",
        "category": "contact_outside_work",
        "situation": TEXT,
        "what_i_shared": "Nothing personal.",
        "reasoning": "I was not sure where the line was.",
        "risk": "high",
    }
    return {**body, **overrides}


@pytest.fixture
def note(everyone):
    return BoundaryNoteFactory(author=everyone["peer"], situation=TEXT)


@pytest.fixture
def reviewed_note(everyone):
    note = BoundaryNoteFactory(author=everyone["peer"], situation=TEXT)
    response = api_post(everyone["supervisor"], f"{URL}{note.pk}/review/", {"response": "Thanks, let's talk."})
    assert response.status_code == 200, response.json()
    note.refresh_from_db()
    return note


def api_post(user, url, body):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(user)
    return client.post(url, body, format="json")


# --- writing ------------------------------------------------------------------------------


def test_worker_submits_a_note_and_author_and_organisation_come_from_the_signed_in_user(api, everyone, other_org):
    peer = everyone["peer"]
    body = note_body(author=str(everyone["peer2"].pk), organisation=str(other_org.pk), status="closed")
    refused = api.as_(peer).post(URL, body, format="json")
    assert refused.status_code == 400
    assert {"author", "organisation", "status"} <= set(refused.json())
    assert not BoundaryNote.objects.exists()
    response = api.as_(peer).post(URL, note_body(), format="json")
    assert response.status_code == 201, response.json()
    note = BoundaryNote.objects.get(pk=response.json()["id"])
    assert (note.author, note.organisation, note.status) == (peer, peer.organisation, "submitted")
    assert response.json()["situation"] == TEXT
    assert AuditEvent.objects.filter(target_id=note.pk, action="create", actor=peer).exists()


def test_submitting_tells_the_supervisor_without_any_note_text(api, everyone):
    api.as_(everyone["peer"]).post(URL, note_body(), format="json")
    notification = Notification.objects.get(recipient=everyone["supervisor"], kind="boundary_note_submitted")
    assert "Pat Peer" in notification.message
    assert TEXT not in notification.message and "weekend" not in notification.message


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "gossip"), ("risk", "extreme"), ("situation", ""), ("occurred_on", "not-a-date")],
)
def test_bad_input_is_a_400_naming_the_field_and_no_note_is_written(api, everyone, field, value):
    response = api.as_(everyone["peer"]).post(URL, note_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not BoundaryNote.objects.exists()
    assert not AuditEvent.objects.filter(target_type="boundaries.boundarynote").exists()


def test_a_note_about_the_future_is_refused_and_nothing_is_written(api, everyone):
    tomorrow = org_today(everyone["peer"].organisation) + timedelta(days=1)
    response = api.as_(everyone["peer"]).post(URL, note_body(occurred_on=tomorrow.isoformat()), format="json")
    assert response.status_code == 400
    assert "occurred_on" in response.json()
    assert not BoundaryNote.objects.exists()


# --- who may do what (spec §2: own / supervisee / nobody else) -------------------------------

# persona → (read, patch, delete, review, follow-ups read, follow-up write)
MATRIX = {
    "peer": (200, 200, 204, 403, 200, 201),
    "supervisor": (200, 403, 403, 200, 200, 403),
    "manager": (404, 404, 404, 404, 404, 404),
    "admin": (404, 404, 404, 404, 404, 404),
    "peer2": (404, 404, 404, 404, 404, 404),
    "clinician": (404, 404, 404, 404, 404, 404),
    "other_manager": (404, 404, 404, 404, 404, 404),
    "harbour_peer": (404, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_every_persona_against_every_note_route(api, everyone, note, persona):
    read, patch, delete, review, follow_ups_read, follow_up_write = MATRIX[persona]
    client = api.as_(everyone[persona])
    detail = f"{URL}{note.pk}/"
    got_read = client.get(detail)
    assert got_read.status_code == read
    if read == 404:
        assert TEXT not in got_read.content.decode()
    assert client.get(f"{detail}follow-ups/").status_code == follow_ups_read
    assert client.post(f"{detail}follow-ups/", {"body": "Later thought"}, format="json").status_code == follow_up_write
    assert client.patch(detail, {"reasoning": "Changed"}, format="json").status_code == patch
    assert client.post(f"{detail}review/", {"response": "Seen"}, format="json").status_code == review
    note.refresh_from_db()
    if note.status == BoundaryNote.Status.SUBMITTED:
        assert client.delete(detail).status_code == delete


@pytest.mark.parametrize("persona", MATRIX)
def test_lists_hold_only_own_and_supervisees_notes_and_never_text(api, everyone, note, persona):
    BoundaryNoteFactory(author=everyone["peer2"])  # nobody supervises Robin
    response = api.as_(everyone[persona]).get(URL)
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    expected = {str(note.pk)} if persona in ("peer", "supervisor") else set()
    if persona == "peer2":
        expected = {str(BoundaryNote.objects.get(author=everyone["peer2"]).pk)}
    assert ids == expected
    assert TEXT not in response.content.decode()
    assert all("situation" not in row for row in response.json()["results"])


def test_a_supervisor_whose_agreement_has_ended_no_longer_reads_the_note(api, everyone, note):
    agreement = everyone["peer"].agreements_as_supervisee.get()
    agreement.ends_on = org_today(agreement.organisation) - timedelta(days=1)
    agreement.save()
    assert api.as_(everyone["supervisor"]).get(f"{URL}{note.pk}/").status_code == 404


def test_another_organisations_note_is_404_even_for_its_org_admin_equivalent(api, everyone, note):
    assert api.as_(everyone["outsider"]).get(f"{URL}{note.pk}/").status_code == 404
    assert api.as_(everyone["peer"]).get(f"{URL}not-a-uuid/").status_code == 404


# --- audit ------------------------------------------------------------------------------------


def test_a_supervisor_reading_the_text_is_audited_and_the_author_reading_it_is_not(api, everyone, note):
    api.as_(everyone["peer"]).get(f"{URL}{note.pk}/")
    assert not AuditEvent.objects.filter(target_id=note.pk, action="read").exists()
    api.as_(everyone["supervisor"]).get(f"{URL}{note.pk}/")
    api.as_(everyone["supervisor"]).get(f"{URL}{note.pk}/follow-ups/")
    reads = AuditEvent.objects.filter(target_id=note.pk, action="read")
    assert reads.count() == 2
    assert {(e.actor, e.subject) for e in reads} == {(everyone["supervisor"], everyone["peer"])}


# --- the state machine --------------------------------------------------------------------------


def test_nobody_reviews_their_own_note(api, everyone, note):
    response = api.as_(everyone["peer"]).post(f"{URL}{note.pk}/review/", {"response": "Fine by me"}, format="json")
    assert response.status_code == 403
    # Not even a supervisor, about a note of their own.
    own = BoundaryNoteFactory(author=everyone["supervisor"])
    response = api.as_(everyone["supervisor"]).post(f"{URL}{own.pk}/review/", {"response": "Me"}, format="json")
    assert response.status_code == 403
    assert BoundaryNote.objects.filter(status="reviewed").count() == 0


def test_review_moves_the_note_to_reviewed_and_tells_the_author(api, everyone, note):
    response = api.as_(everyone["supervisor"]).post(
        f"{URL}{note.pk}/review/", {"response": "Let's talk it through.", "follow_up_needed": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["reviewer"], body["follow_up_needed"]) == (
        "reviewed",
        str(everyone["supervisor"].pk),
        True,
    )
    assert body["reviewed_at"]
    notification = Notification.objects.get(recipient=everyone["peer"], kind="boundary_note_reviewed")
    assert "talk" not in notification.message
    # The author reads the review.
    mine = api.as_(everyone["peer"]).get(f"{URL}{note.pk}/").json()
    assert mine["response"] == "Let's talk it through."


def test_reviewer_comes_from_the_signed_in_user_not_the_body(api, everyone, note):
    refused = api.as_(everyone["supervisor"]).post(
        f"{URL}{note.pk}/review/", {"response": "Ok", "reviewer": str(everyone["manager"].pk)}, format="json"
    )
    assert refused.status_code == 400 and "reviewer" in refused.json()
    note.refresh_from_db()
    assert (note.status, note.reviewer_id) == ("submitted", None)
    api.as_(everyone["supervisor"]).post(f"{URL}{note.pk}/review/", {"response": "Ok"}, format="json")
    note.refresh_from_db()
    assert note.reviewer == everyone["supervisor"]


def test_a_note_is_reviewed_only_once(api, everyone, reviewed_note):
    response = api.as_(everyone["supervisor"]).post(
        f"{URL}{reviewed_note.pk}/review/", {"response": "Again"}, format="json"
    )
    assert response.status_code == 400
    reviewed_note.refresh_from_db()
    assert reviewed_note.response == "Thanks, let's talk."


def test_a_review_needs_a_response_and_without_one_the_note_stays_unreviewed(api, everyone, note):
    response = api.as_(everyone["supervisor"]).post(f"{URL}{note.pk}/review/", {"response": ""}, format="json")
    assert response.status_code == 400
    assert "response" in response.json()
    note.refresh_from_db()
    assert (note.status, note.reviewer_id, note.response) == ("submitted", None, "")


@pytest.mark.parametrize("field", ["situation", "what_i_shared", "reasoning", "risk", "category", "occurred_on"])
def test_once_reviewed_the_text_is_frozen(api, everyone, reviewed_note, field):
    value = {"risk": "low", "category": "gifts", "occurred_on": "2024-12-01"}.get(field, "Rewritten")
    response = api.as_(everyone["peer"]).patch(f"{URL}{reviewed_note.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert "follow-up" in response.json()["detail"]
    reviewed_note.refresh_from_db()
    assert reviewed_note.situation == TEXT


def test_a_reviewed_note_cannot_be_deleted(api, everyone, reviewed_note):
    assert api.as_(everyone["peer"]).delete(f"{URL}{reviewed_note.pk}/").status_code == 400
    assert BoundaryNote.objects.filter(pk=reviewed_note.pk).exists()


def test_status_and_review_fields_cannot_be_patched(api, everyone, note):
    for body in ({"status": "closed"}, {"response": "Self-reviewed"}, {"reviewer": str(everyone["peer"].pk)}):
        response = api.as_(everyone["peer"]).patch(f"{URL}{note.pk}/", body, format="json")
        assert response.status_code == 400
        assert next(iter(body)) in response.json()
    note.refresh_from_db()
    assert note.status == "submitted" and note.response == ""


def test_author_edits_an_unreviewed_note(api, everyone, note):
    response = api.as_(everyone["peer"]).patch(f"{URL}{note.pk}/", {"risk": "medium"}, format="json")
    assert response.status_code == 200
    assert response.json()["risk"] == "medium"


def test_later_thoughts_are_follow_ups_written_by_the_author_only(api, everyone, reviewed_note):
    url = f"{URL}{reviewed_note.pk}/follow-ups/"
    response = api.as_(everyone["peer"]).post(url, {"body": "I tried it differently this week."}, format="json")
    assert response.status_code == 201
    assert api.as_(everyone["supervisor"]).post(url, {"body": "Not mine"}, format="json").status_code == 403
    listed = api.as_(everyone["supervisor"]).get(url).json()
    assert [f["body"] for f in listed["results"]] == ["I tried it differently this week."]
    assert FollowUp.objects.get().author == everyone["peer"]
    # The reviewer hears that there is a follow-up, not what it says.
    told = Notification.objects.get(recipient=everyone["supervisor"], kind="boundary_note_follow_up")
    assert "differently" not in told.message
    assert api.as_(everyone["peer"]).post(url, {"body": "  "}, format="json").status_code == 400


def test_follow_ups_are_a_paginated_list_like_a_reflections_comments(api, everyone, reviewed_note):
    for n in range(3):
        FollowUp.objects.create(
            organisation_id=reviewed_note.organisation_id, note=reviewed_note, author=everyone["peer"], body=f"t{n}"
        )
    url = f"{URL}{reviewed_note.pk}/follow-ups/"
    first = api.as_(everyone["supervisor"]).get(url, {"page_size": 2}).json()
    assert (first["count"], first["previous"], [f["body"] for f in first["results"]]) == (3, None, ["t0", "t1"])
    second = api.as_(everyone["supervisor"]).get(first["next"]).json()
    assert ([f["body"] for f in second["results"]], second["next"]) == (["t2"], None)
    bad = api.as_(everyone["supervisor"]).get(url, {"page": 9})
    assert bad.status_code == 400 and "page" in bad.json()


def test_close_only_after_review_by_author_or_supervisor(api, everyone, note):
    assert api.as_(everyone["peer"]).post(f"{URL}{note.pk}/close/").status_code == 400
    note.refresh_from_db()
    assert (note.status, note.closed_at) == ("submitted", None)
    api.as_(everyone["supervisor"]).post(f"{URL}{note.pk}/review/", {"response": "Ok"}, format="json")
    assert api.as_(everyone["peer2"]).post(f"{URL}{note.pk}/close/").status_code == 404
    note.refresh_from_db()
    assert (note.status, note.closed_at) == ("reviewed", None)
    response = api.as_(everyone["peer"]).post(f"{URL}{note.pk}/close/")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    note.refresh_from_db()
    assert note.status == "closed" and note.closed_at is not None


def test_close_and_review_answer_with_the_note_exactly_as_get_returns_it(api, everyone, note):
    """One representation per resource (docs/api.md): a client reads the same fields back
    from every action on a note."""
    supervisor = api.as_(everyone["supervisor"])
    reviewed = supervisor.post(f"{URL}{note.pk}/review/", {"response": "Ok"}, format="json")
    assert reviewed.status_code == 200
    assert reviewed.json() == supervisor.get(f"{URL}{note.pk}/").json()
    closed = supervisor.post(f"{URL}{note.pk}/close/")
    assert closed.status_code == 200
    fetched = supervisor.get(f"{URL}{note.pk}/").json()
    assert closed.json() == fetched
    assert (fetched["status"], fetched["situation"]) == ("closed", TEXT)


def test_a_supervisors_close_shows_the_text_so_it_is_recorded_as_a_read(api, everyone, reviewed_note):
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.READ, target_id=reviewed_note.pk)
    before = reads.count()
    response = api.as_(everyone["supervisor"]).post(f"{URL}{reviewed_note.pk}/close/")
    assert response.status_code == 200 and response.json()["situation"] == TEXT
    assert reads.count() == before + 1
    assert reads.latest("at").actor == everyone["supervisor"]


# --- managers and admins: counts and states, never text --------------------------------------


def test_manager_sees_counts_and_states_of_their_team_never_text(api, everyone, riverside, note, reviewed_note):
    BoundaryNoteFactory(author=everyone["harbour_peer"])  # another team: not counted
    response = api.as_(everyone["manager"]).get(f"{URL}summary/")
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"total": 2, "submitted": 1, "reviewed": 1, "closed": 0}
    assert {n["status"] for n in body["notes"]} == {"submitted", "reviewed"}
    assert set(body["notes"][0]) == {"id", "author", "author_display_name", "status", "submitted_at", "reviewed_at"}
    assert TEXT not in response.content.decode() and "talk" not in response.content.decode()
    per_team = api.as_(everyone["manager"]).get(f"{URL}summary/", {"team": str(riverside.pk)}).json()
    assert per_team["counts"]["total"] == 2


def test_org_admin_sees_counts_only(api, everyone, note):
    BoundaryNoteFactory(author=everyone["harbour_peer"])
    body = api.as_(everyone["admin"]).get(f"{URL}summary/").json()
    assert body["counts"] == {"total": 2, "submitted": 2, "reviewed": 0, "closed": 0}
    assert "notes" not in body


def test_summary_is_refused_to_workers_and_hides_other_teams(api, everyone, riverside, outsider_team):
    assert api.as_(everyone["peer"]).get(f"{URL}summary/").status_code == 403
    assert api.as_(everyone["supervisor"]).get(f"{URL}summary/").status_code == 403
    # Oakley manages Harbour only: Riverside is not visible (404); their own team works.
    assert api.as_(everyone["other_manager"]).get(f"{URL}summary/", {"team": str(riverside.pk)}).status_code == 404
    assert api.as_(everyone["other_manager"]).get(f"{URL}summary/").status_code == 200
    assert api.as_(everyone["admin"]).get(f"{URL}summary/", {"team": str(outsider_team.pk)}).status_code == 404


def test_a_team_member_who_is_not_its_manager_gets_403_for_its_summary(api, everyone, riverside):
    assert api.as_(everyone["peer2"]).get(f"{URL}summary/", {"team": str(riverside.pk)}).status_code == 403


# --- query counts ------------------------------------------------------------------------------


def test_list_query_count_does_not_grow_with_notes(api, everyone, django_assert_num_queries):
    peer = everyone["peer"]
    for _ in range(5):
        BoundaryNoteFactory(author=peer)
    client = api.as_(everyone["supervisor"])
    client.get(URL)  # warm the session
    # session, user, caps.supervisee_ids, COUNT, the page of notes with author and reviewer joined
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert response.json()["count"] == 5
