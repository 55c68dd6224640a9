"""Issue 15, items 11-12: a role is proposed, not imposed. The worker can ask a question that
reaches the team's managers (notified, audited, shown on the assignment), a manager answers, and
agreeing marks the proposal done in the worker's notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.roles import data_rights, services
from apps.roles.models import Assignment, AssignmentComment

pytestmark = pytest.mark.django_db


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_new_assignment_is_a_proposal_linking_to_the_assignment(everyone, roles):
    assignment = services.assignment_create(
        actor=everyone["manager"], worker=everyone["clinician"], role_definition=roles["peer_role"]
    )
    note = Notification.objects.get(recipient=everyone["clinician"], kind="role_assigned")
    assert note.message.startswith(
        "Your manager proposes this role for you — read it, ask anything, and agree when you're ready"
    )
    assert note.link == f"/roles/assignments/{assignment.pk}/" and note.read_at is None


def test_agreeing_marks_the_proposal_and_the_reminder_done(everyone, roles):
    peer = everyone["peer"]
    assignment = roles["peer_assignment"]
    link = f"/roles/assignments/{assignment.pk}/"
    proposal = Notification.objects.create(
        organisation_id=peer.organisation_id, recipient=peer, kind="role_assigned", message_template="x", link=link
    )
    reminder = Notification.objects.create(
        organisation_id=peer.organisation_id,
        recipient=peer,
        kind="assignment_unacknowledged",
        message_template="x",
        link="/roles/",
    )
    other = Notification.objects.create(
        organisation_id=peer.organisation_id, recipient=peer, kind="role_assigned", message_template="x", link="/x/"
    )
    response = _as(peer).post(f"/roles/assignments/{assignment.pk}/acknowledge/", {"next": link})
    assert response.status_code == 302
    proposal.refresh_from_db(), reminder.refresh_from_db(), other.refresh_from_db()
    assert proposal.read_at is not None and reminder.read_at is not None
    assert other.read_at is None  # another role's proposal is still waiting
    assert Assignment.objects.get(pk=assignment.pk).acknowledged_at is not None


def test_the_reminder_stays_while_another_role_waits(everyone, roles):
    peer = everyone["peer"]
    other = services.assignment_create(actor=everyone["manager"], worker=peer, role_definition=roles["clinical_role"])
    reminder = Notification.objects.create(
        organisation_id=peer.organisation_id, recipient=peer, kind="assignment_unacknowledged", message_template="x"
    )
    services.assignment_acknowledge(actor=peer, assignment=roles["peer_assignment"])
    reminder.refresh_from_db()
    assert reminder.read_at is None
    services.assignment_acknowledge(actor=peer, assignment=other)
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_a_question_reaches_the_managers_is_audited_and_an_answer_reaches_the_worker(everyone, roles):
    assignment = roles["peer_assignment"]
    peer, manager = everyone["peer"], everyone["manager"]
    services.assignment_comment_add(actor=peer, assignment=assignment, body="  Is the Tuesday group part of it?  ")
    [comment] = AssignmentComment.objects.filter(assignment=assignment)
    assert comment.body == "Is the Tuesday group part of it?" and comment.author == peer
    question = Notification.objects.get(recipient=manager, kind="role_question")
    assert question.message == "Pat Peer has a question about the role proposed to them: Peer Support Worker (v1)."
    assert question.link == f"/roles/assignments/{assignment.pk}/"
    assert "Tuesday" not in question.message  # the text stays on the page
    assert AuditEvent.objects.filter(target_id=comment.pk, action="create", actor=peer, subject=peer).exists()
    # The manager answers: the worker is told, and the managers' question is done.
    services.assignment_comment_add(actor=manager, assignment=assignment, body="Yes, on alternate weeks.")
    answer = Notification.objects.get(recipient=peer, kind="role_question_answered")
    assert answer.message.startswith("Morgan Manager answered you") and answer.link == question.link
    question.refresh_from_db()
    assert question.read_at is not None
    # Still not agreed: asking is not agreeing.
    assert Assignment.objects.get(pk=assignment.pk).acknowledged_at is None


@pytest.mark.parametrize("who", ["peer2", "clinician", "supervisor"])
def test_teammates_and_supervisors_cannot_join_the_conversation_and_nothing_is_written(everyone, roles, who):
    assignment = roles["peer_assignment"]
    with pytest.raises(PermissionDenied):
        services.assignment_comment_add(actor=everyone[who], assignment=assignment, body="Me too")
    assert not AssignmentComment.objects.exists()
    assert not Notification.objects.filter(kind__startswith="role_question").exists()


def test_an_empty_question_is_refused_naming_the_field(everyone, roles):
    with pytest.raises(ValidationError) as error:
        services.assignment_comment_add(actor=everyone["peer"], assignment=roles["peer_assignment"], body="   ")
    assert "body" in error.value.message_dict
    assert not AssignmentComment.objects.exists()


def test_the_assignment_page_shows_the_conversation_to_the_worker_and_managers_only(everyone, roles):
    assignment = roles["peer_assignment"]
    url = f"/roles/assignments/{assignment.pk}/"
    peer = _as(everyone["peer"])
    page = peer.get(url).content.decode()
    assert "Your manager proposes this role for you — read it, ask anything, and agree when you're ready" in page
    assert "Your question or comment" in page and "Send to my manager" in page
    response = peer.post(f"{url}comment/", {"body": "Who covers when I am away?"}, follow=True)
    assert "Your manager has been told" in response.content.decode()
    assert "Who covers when I am away?" in response.content.decode()
    manager_page = _as(everyone["manager"]).get(url).content.decode()
    assert "Who covers when I am away?" in manager_page and "Your answer" in manager_page
    # Reading someone else's words is audited.
    comment = AssignmentComment.objects.get()
    assert AuditEvent.objects.filter(target_id=comment.pk, action="read", actor=everyone["manager"]).exists()
    # The supervisor may read the assignment, not the conversation; a teammate not even the assignment.
    supervisor_page = _as(everyone["supervisor"]).get(url)
    assert supervisor_page.status_code == 200 and "Who covers" not in supervisor_page.content.decode()
    assert _as(everyone["supervisor"]).post(f"{url}comment/", {"body": "x"}).status_code == 403
    assert _as(everyone["peer2"]).get(url).status_code == 404
    assert _as(everyone["outsider"]).get(url).status_code == 404
    assert AssignmentComment.objects.count() == 1


def test_the_worker_export_holds_the_conversation_and_erasure_removes_it(everyone, roles):
    assignment = roles["peer_assignment"]
    services.assignment_comment_add(actor=everyone["peer"], assignment=assignment, body="What about weekends?")
    services.assignment_comment_add(actor=everyone["manager"], assignment=assignment, body="Never.")
    [row] = [r for r in data_rights.export(everyone["peer"]) if r["role"] == "Peer Support Worker"]
    assert [(q["from"], q["text"]) for q in row["questions_and_answers"]] == [
        ("you", "What about weekends?"),
        ("Morgan Manager", "Never."),
    ]
    data_rights.erase(everyone["peer"])
    assert not AssignmentComment.objects.filter(assignment=assignment).exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_choosing_a_role_keeps_every_chosen_value_and_names_a_member_it_cannot_keep(everyone, roles):
    admin = _as(everyone["admin"])
    # The htmx reload sends the whole form: the member, dates and hours stay chosen.
    page = admin.get(
        "/roles/assign/",
        {"role_definition": roles["peer_role"].pk, "worker": everyone["peer2"].pk, "hours_per_week": "12"},
    ).content.decode()
    assert f'<option value="{everyone["peer2"].pk}" selected>' in page and 'value="12"' in page
    # A member of another team cannot hold the chosen role: said, not silently dropped.
    page = admin.get(
        "/roles/assign/", {"role_definition": roles["harbour_role"].pk, "worker": everyone["peer2"].pk}
    ).content.decode()
    assert "Robin Peer is not a current member of Harbour" in page
