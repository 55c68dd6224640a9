"""Issue 18, item 3: co-produced role definitions. Peer workers of the team comment on a draft and
propose changes once its managers ask for their views; the managers accept or decline each with a
reason and the author is told (no text); a role records who was consulted and what each said, in
their own name only; a role published without consultation says so; a role names the
lived-experience expertise it calls on; a worker can ask for a change before agreeing to a role.

After every refused write the tests check that nothing changed."""

import json

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.roles import data_rights, services
from apps.roles.models import AssignmentComment, Consultation, DefinitionComment, RoleDefinition

pytestmark = pytest.mark.django_db

SECRET = "QXcoprodcommentbody"
REASON = "QXcoprodreason"


def _as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def consulted(everyone, roles):
    """The draft, with Pat and Robin (peer workers of Riverside) asked about it."""
    draft = roles["draft_role"]
    services.consultation_ask(
        actor=everyone["manager"], definition=draft, workers=[everyone["peer"], everyone["peer2"]]
    )
    return draft


def _snapshot():
    return (
        sorted(DefinitionComment.objects.values_list("pk", "body", "decision", "decision_reason")),
        sorted(Consultation.objects.values_list("pk", "response", "responded_at")),
    )


def test_asking_peer_workers_tells_each_and_opens_the_draft_to_the_teams_peer_workers(api, everyone, consulted):
    assert sorted(c.worker.username for c in Consultation.objects.filter(role_definition=consulted)) == ["pat", "robin"]
    told = Notification.objects.filter(kind="role_consultation").order_by("recipient__username")
    assert [n.recipient.username for n in told] == ["pat", "robin"]
    assert all(n.link == f"/roles/{consulted.pk}/" for n in told)
    url = f"/api/v1/role-definitions/{consulted.pk}/"
    # The team's peer workers (asked or not: Sam supervises in the team and is a peer worker) read it;
    # a clinician of the team, another team's peer worker and another organisation do not.
    expected = {"peer": 200, "peer2": 200, "supervisor": 200, "manager": 200, "admin": 200}
    expected |= {"clinician": 404, "harbour_peer": 404, "other_manager": 404, "outsider": 404}
    assert {who: api.as_(everyone[who]).get(url).status_code for who in expected} == expected
    # Before anyone is asked, a draft is still the managers' alone.
    other = RoleDefinition.objects.create(
        organisation=consulted.organisation, team=consulted.team, title="Unasked", kind="peer", hours_per_week=10
    )
    assert api.as_(everyone["peer"]).get(f"/api/v1/role-definitions/{other.pk}/").status_code == 404


def test_only_current_peer_workers_of_the_team_can_be_asked(api, everyone, roles):
    draft = roles["draft_role"]
    for who in ("clinician", "harbour_peer", "manager"):
        response = api.as_(everyone["manager"]).post(
            f"/api/v1/role-definitions/{draft.pk}/consult/", {"workers": [str(everyone[who].pk)]}, format="json"
        )
        assert response.status_code == 400 and "workers" in response.json(), who
    outsider = api.as_(everyone["manager"]).post(
        f"/api/v1/role-definitions/{draft.pk}/consult/", {"workers": [str(everyone["outsider"].pk)]}, format="json"
    )
    assert outsider.status_code == 400 and "workers" in outsider.json()
    # A peer worker cannot open consultation; nothing was created by any of these.
    refused = api.as_(everyone["peer"]).post(
        f"/api/v1/role-definitions/{draft.pk}/consult/", {"workers": [str(everyone["peer"].pk)]}, format="json"
    )
    assert refused.status_code == 404  # the draft does not exist for them yet
    assert not Consultation.objects.exists()
    # Only a draft is consulted on.
    published = roles["peer_role"]
    response = api.as_(everyone["manager"]).post(
        f"/api/v1/role-definitions/{published.pk}/consult/", {"workers": [str(everyone["peer"].pk)]}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()
    assert not Consultation.objects.exists()


def test_a_peer_worker_proposes_a_change_the_manager_is_told_without_the_text(api, everyone, consulted):
    response = api.as_(everyone["peer"]).post(
        f"/api/v1/role-definitions/{consulted.pk}/comments/",
        {"body": SECRET, "proposes": "lived_experience"},
        format="json",
    )
    assert response.status_code == 201, response.content
    comment = DefinitionComment.objects.get()
    assert (comment.author, comment.body, comment.proposes, comment.decision) == (
        everyone["peer"],
        SECRET,
        "lived_experience",
        "",
    )
    told = Notification.objects.get(recipient=everyone["manager"], kind="role_comment")
    assert SECRET not in told.message_template and told.link == f"/roles/{consulted.pk}/"
    assert AuditEvent.objects.filter(target_id=comment.pk, action="create", actor=everyone["peer"]).exists()
    # The manager reads every comment (audited); another peer worker reads only their own.
    listed = api.as_(everyone["manager"]).get(f"/api/v1/role-definitions/{consulted.pk}/comments/").json()
    assert [c["body"] for c in listed["results"]] == [SECRET]
    assert AuditEvent.objects.filter(target_id=comment.pk, action="read", actor=everyone["manager"]).exists()
    theirs = api.as_(everyone["peer2"]).get(f"/api/v1/role-definitions/{consulted.pk}/comments/").json()
    assert theirs["results"] == []
    page = _as(everyone["peer2"]).get(f"/roles/{consulted.pk}/").content.decode()
    assert SECRET not in page


def test_nobody_comments_in_a_workers_name_and_other_teams_cannot_comment(api, everyone, consulted):
    url = f"/api/v1/role-definitions/{consulted.pk}/comments/"
    before = _snapshot()
    # A manager naming the worker as author: refused before the body is read (a manager does not
    # comment), nothing is written; a peer worker naming someone else: the field is refused.
    named = api.as_(everyone["manager"]).post(url, {"body": "x", "author": str(everyone["peer"].pk)}, format="json")
    assert named.status_code == 403
    named = api.as_(everyone["peer"]).post(url, {"body": "x", "author": str(everyone["manager"].pk)}, format="json")
    assert named.status_code == 400 and "author" in named.json()
    # A manager does not comment at all (they edit the draft and decide on comments).
    assert api.as_(everyone["manager"]).post(url, {"body": "x"}, format="json").status_code == 403
    # A clinician of the team and a peer worker of another team: the draft does not exist for them.
    assert api.as_(everyone["clinician"]).post(url, {"body": "x"}, format="json").status_code == 404
    assert api.as_(everyone["harbour_peer"]).post(url, {"body": "x"}, format="json").status_code == 404
    assert api.as_(everyone["outsider"]).post(url, {"body": "x"}, format="json").status_code == 404
    # And in the browser.
    assert _as(everyone["harbour_peer"]).post(f"/roles/{consulted.pk}/comments/", {"body": "x"}).status_code == 404
    assert _as(everyone["manager"]).post(f"/roles/{consulted.pk}/comments/", {"body": "x"}).status_code == 400
    assert _snapshot() == before


def test_bad_comments_are_400s_naming_the_field(api, everyone, consulted):
    url = f"/api/v1/role-definitions/{consulted.pk}/comments/"
    client = api.as_(everyone["peer"])
    assert "body" in client.post(url, {"body": "   "}, format="json").json()
    assert "proposes" in client.post(url, {"body": "x", "proposes": "title"}, format="json").json()
    assert "body" in client.post(url, {"body": "x" * 2001}, format="json").json()
    assert not DefinitionComment.objects.exists()


def test_the_manager_accepts_or_declines_each_with_a_reason_and_the_author_is_told(api, everyone, consulted):
    comment = services.definition_comment_add(
        actor=everyone["peer"], definition=consulted, body=SECRET, proposes="duties"
    )
    url = f"/api/v1/role-definitions/{consulted.pk}/comments/{comment.pk}/decide/"
    before = _snapshot()
    assert "reason" in api.as_(everyone["manager"]).post(url, {"decision": "accepted"}, format="json").json()
    assert (
        "decision" in api.as_(everyone["manager"]).post(url, {"decision": "maybe", "reason": "r"}, format="json").json()
    )
    # The author cannot decide on their own proposal; another team's manager and organisation see nothing.
    assert (
        api.as_(everyone["peer"]).post(url, {"decision": "accepted", "reason": "r"}, format="json").status_code == 403
    )
    assert (
        api.as_(everyone["other_manager"]).post(url, {"decision": "accepted", "reason": "r"}, format="json").status_code
        == 404
    )
    assert (
        api.as_(everyone["outsider"]).post(url, {"decision": "accepted", "reason": "r"}, format="json").status_code
        == 404
    )
    assert _snapshot() == before
    response = api.as_(everyone["manager"]).post(url, {"decision": "accepted", "reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    comment.refresh_from_db()
    assert (comment.decision, comment.decision_reason, comment.decided_by) == ("accepted", REASON, everyone["manager"])
    told = Notification.objects.get(recipient=everyone["peer"], kind="role_comment_decided")
    assert "accepted" in told.message_template
    assert SECRET not in told.message_template and REASON not in told.message_template
    # Decided once.
    again = api.as_(everyone["manager"]).post(url, {"decision": "declined", "reason": "no"}, format="json")
    assert again.status_code == 400 and "decision" in again.json()
    comment.refresh_from_db()
    assert comment.decision == "accepted"
    # The author reads the decision and its reason on the role's page.
    page = _as(everyone["peer"]).get(f"/roles/{consulted.pk}/").content.decode()
    assert REASON in page and "Accepted" in page


def test_agreement_is_recorded_by_the_consulted_worker_only(api, everyone, consulted):
    url = f"/api/v1/role-definitions/{consulted.pk}/respond/"
    before = _snapshot()
    # The manager cannot record it for them, not even naming them (refused before the body is
    # read); the worker cannot name someone else either (the field is refused).
    named = api.as_(everyone["manager"]).post(
        url, {"response": "agreed", "worker": str(everyone["peer"].pk)}, format="json"
    )
    assert named.status_code == 403
    named = api.as_(everyone["peer"]).post(
        url, {"response": "agreed", "worker": str(everyone["manager"].pk)}, format="json"
    )
    assert named.status_code == 400 and "worker" in named.json()
    assert api.as_(everyone["manager"]).post(url, {"response": "agreed"}, format="json").status_code == 403
    assert api.as_(everyone["admin"]).post(url, {"response": "agreed"}, format="json").status_code == 403
    # Sam, a peer worker of the team who was not asked, has no view to record here.
    assert api.as_(everyone["supervisor"]).post(url, {"response": "agreed"}, format="json").status_code == 403
    assert api.as_(everyone["harbour_peer"]).post(url, {"response": "agreed"}, format="json").status_code == 404
    assert api.as_(everyone["outsider"]).post(url, {"response": "agreed"}, format="json").status_code == 404
    assert "response" in api.as_(everyone["peer"]).post(url, {"response": "yes"}, format="json").json()
    assert _snapshot() == before
    response = api.as_(everyone["peer"]).post(url, {"response": "agreed_with_reservations"}, format="json")
    assert response.status_code == 200, response.content
    mine = Consultation.objects.get(worker=everyone["peer"])
    assert mine.response == "agreed_with_reservations" and mine.responded_at is not None
    assert Consultation.objects.get(worker=everyone["peer2"]).response == ""
    told = Notification.objects.get(recipient=everyone["manager"], kind="role_consultation_answered")
    assert "reservations" not in told.message_template


def test_a_published_role_records_who_was_consulted_and_what_each_said(api, everyone, consulted):
    services.consultation_respond(actor=everyone["peer"], definition=consulted, response="agreed")
    services.role_definition_publish(actor=everyone["manager"], definition=consulted)
    services.consultation_respond(actor=everyone["peer2"], definition=consulted, response="did_not_agree")
    data = api.as_(everyone["clinician"]).get(f"/api/v1/role-definitions/{consulted.pk}/").json()
    assert data["peer_consultation"] == "consulted"
    assert sorted((c["worker_display_name"], c["response"]) for c in data["consultations"]) == [
        ("Pat Peer", "agreed"),
        ("Robin Peer", "did_not_agree"),
    ]
    page = _as(everyone["clinician"]).get(f"/roles/{consulted.pk}/").content.decode()
    assert "Did not agree" in page and "Defined without peer consultation" not in page
    # Comments are on drafts only.
    refused = api.as_(everyone["peer"]).post(
        f"/api/v1/role-definitions/{consulted.pk}/comments/", {"body": "late"}, format="json"
    )
    assert refused.status_code == 400 and not DefinitionComment.objects.exists()


def test_a_role_published_without_consultation_says_so_plainly(api, everyone, roles):
    services.role_definition_publish(actor=everyone["manager"], definition=roles["draft_role"])
    data = api.as_(everyone["peer"]).get(f"/api/v1/role-definitions/{roles['draft_role'].pk}/").json()
    assert data["peer_consultation"] == "none" and data["consultations"] == []
    page = _as(everyone["peer"]).get(f"/roles/{roles['draft_role'].pk}/").content.decode()
    assert "Defined without peer consultation" in page
    event = AuditEvent.objects.filter(target_id=roles["draft_role"].pk).latest("at")
    assert event.detail == "v1 published without peer consultation"


def test_a_role_records_the_lived_experience_it_calls_on(api, everyone, riverside):
    body = {
        "team": str(riverside.pk),
        "title": "Peer navigator",
        "kind": "peer",
        "hours_per_week": "15.0",
        "lived_experience": ["Experience of using crisis services", " ", "Experience of using crisis services"],
        "duties": [{"description": "Walk alongside people leaving hospital", "category": "peer_distinct"}],
    }
    created = api.as_(everyone["manager"]).post("/api/v1/role-definitions/", body, format="json")
    assert created.status_code == 201, created.content
    definition = RoleDefinition.objects.get(pk=created.json()["id"])
    assert definition.lived_experience == ["Experience of using crisis services"]
    assert created.json()["lived_experience"] == ["Experience of using crisis services"]
    services.role_definition_publish(actor=everyone["manager"], definition=definition)
    page = _as(everyone["peer"]).get(f"/roles/{definition.pk}/").content.decode()
    assert "Lived-experience expertise it calls on" in page and "Experience of using crisis services" in page
    # The next version inherits it; bad input is a 400 naming the field and changes nothing.
    nxt = api.as_(everyone["manager"]).patch(
        f"/api/v1/role-definitions/{definition.pk}/", {"purpose": "Clearer."}, format="json"
    )
    assert nxt.status_code == 201 and nxt.json()["lived_experience"] == ["Experience of using crisis services"]
    for bad in ("one string", [{"a": 1}], ["x" * 301], ["x"] * 21):
        response = api.as_(everyone["manager"]).patch(
            f"/api/v1/role-definitions/{nxt.json()['id']}/", {"lived_experience": bad}, format="json"
        )
        assert response.status_code == 400 and "lived_experience" in response.json(), bad
    assert RoleDefinition.objects.get(pk=nxt.json()["id"]).lived_experience == ["Experience of using crisis services"]


def test_the_editor_takes_lived_experience_one_a_line(everyone, roles):
    draft = roles["draft_role"]
    client = _as(everyone["manager"])
    page = client.get(f"/roles/{draft.pk}/edit/").content.decode()
    assert 'name="lived_experience"' in page
    response = client.post(
        f"/roles/{draft.pk}/edit/",
        {
            "title": draft.title,
            "kind": "peer",
            "hours_per_week": "20",
            "lived_experience": "Experience of self-harm\r\nExperience of recovery",
            "duties-TOTAL_FORMS": "1",
            "duties-INITIAL_FORMS": "0",
            "duties-0-description": "Run a recovery group",
            "duties-0-category": "peer_distinct",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.lived_experience == ["Experience of self-harm", "Experience of recovery"]


def test_the_worker_asks_for_a_change_before_agreeing_and_only_they_do(api, everyone, roles):
    assignment = roles["peer_assignment"]
    url = f"/api/v1/assignments/{assignment.pk}/comments/"
    response = api.as_(everyone["peer"]).post(
        url, {"body": "Fewer ward rounds?", "kind": "change_request"}, format="json"
    )
    assert response.status_code == 201, response.content
    comment = AssignmentComment.objects.get()
    assert (comment.kind, comment.author) == ("change_request", everyone["peer"])
    told = Notification.objects.get(recipient=everyone["manager"], kind="role_question")
    assert "asks for a change" in told.message_template and "ward rounds" not in told.message_template
    # A manager answers; they cannot ask for a change, nor agree for the worker.
    refused = api.as_(everyone["manager"]).post(url, {"body": "x", "kind": "change_request"}, format="json")
    assert refused.status_code == 400 and "kind" in refused.json()
    named = api.as_(everyone["manager"]).post(url, {"body": "x", "author": str(everyone["peer"].pk)}, format="json")
    assert named.status_code == 400 and "author" in named.json()
    assert api.as_(everyone["manager"]).post(f"/api/v1/assignments/{assignment.pk}/acknowledge/").status_code == 403
    assert AssignmentComment.objects.count() == 1
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is None
    # Until the worker agrees, it is a proposal; the API says so.
    data = api.as_(everyone["manager"]).get(f"/api/v1/assignments/{assignment.pk}/").json()
    assert data["agreement"] == "proposed"
    # The supervisor sees the assignment, not the conversation; a teammate not even that.
    assert api.as_(everyone["supervisor"]).get(url).status_code == 403
    assert api.as_(everyone["peer2"]).get(url).status_code == 404
    assert api.as_(everyone["outsider"]).get(url).status_code == 404
    listed = api.as_(everyone["manager"]).get(url).json()
    assert [c["kind"] for c in listed["results"]] == ["change_request"]
    api.as_(everyone["peer"]).post(f"/api/v1/assignments/{assignment.pk}/acknowledge/")
    assert api.as_(everyone["manager"]).get(f"/api/v1/assignments/{assignment.pk}/").json()["agreement"] == "agreed"


def test_proposed_assignments_show_as_proposed_on_the_team_pages(everyone, roles, riverside):
    page = _as(everyone["manager"]).get(f"/teams/{riverside.pk}/").content.decode()
    assert "Proposed, not agreed yet" in page


def test_export_holds_the_workers_consultations_and_comments_and_erasure_removes_the_comments(everyone, consulted):
    services.definition_comment_add(actor=everyone["peer"], definition=consulted, body=SECRET, proposes="purpose")
    services.consultation_respond(actor=everyone["peer"], definition=consulted, response="agreed")
    exported = data_rights.export_co_production(everyone["peer"])
    assert exported["consultations"][0]["response"] == "agreed"
    assert exported["comments"][0]["text"] == SECRET and exported["comments"][0]["proposes"] == "purpose"
    assert SECRET not in json.dumps(data_rights.export_co_production(everyone["peer2"]))
    data_rights.erase_co_production(everyone["peer"])
    assert not DefinitionComment.objects.exists()
    # Their answer stays as the role's record of who was consulted.
    assert Consultation.objects.get(worker=everyone["peer"]).response == "agreed"
