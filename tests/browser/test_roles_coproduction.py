"""Issue 18, item 3 in a real browser: a role defined with peer workers. The manager asks a peer
worker about a draft; the peer worker proposes a change and says they agree; the manager accepts
the proposal with a reason and publishes, and the role shows who was consulted; the role is then
proposed to the peer worker, who asks for a change and agrees — their own agreement, nobody else's."""

import pytest

from apps.core.demo import DEMO_PASSWORD, DemoContext
from apps.notifications.models import Notification
from apps.roles import demo as roles_demo
from apps.roles import services
from apps.roles.models import AssignmentComment, Consultation, DefinitionComment, RoleDefinition
from apps.teams import demo as teams_demo
from tests.browser.conftest import screenshot
from tests.browser.test_roles import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    ctx = DemoContext()
    teams_demo.seed(ctx)
    roles_demo.seed(ctx)
    return ctx


# Four sign-ins and a demo seed: longer than one flow's default 300 s on a busy machine.
@pytest.mark.timeout(900)
def test_peer_comments_on_a_draft_manager_accepts_publishes_and_the_worker_agrees(page, sign_in, demo):
    manager, worker = demo.people["manager"], demo.people["peer3"]
    draft = services.role_definition_create(
        actor=manager,
        team=demo.teams["riverside"],
        title="Peer Trainer",
        kind="peer",
        hours_per_week="10",
        duties=[{"description": "Co-deliver recovery college courses", "category": "peer_distinct"}],
    )

    # 1. The manager asks the peer worker for their view on the draft.
    sign_in(page, manager, DEMO_PASSWORD)
    page.goto(f"/roles/{draft.pk}/")
    page.get_by_text("No peer worker has been asked about this draft yet").wait_for()
    page.get_by_label(worker.display_name).check()
    page.get_by_role("button", name="Ask for their views").click()
    page.get_by_text(f"Asked {worker.display_name}").wait_for()
    assert Notification.objects.filter(recipient=worker, kind="role_consultation").exists()

    # 2. The peer worker reads the draft, proposes a change and records their own view.
    sign_in(page, worker, DEMO_PASSWORD)
    page.goto(f"/roles/{draft.pk}/")
    page.get_by_label("What is it?").select_option("lived_experience")
    page.get_by_label("Your comment or proposed change").fill("Name experience of using crisis services.")
    page.get_by_role("button", name="Send to the managers").click()
    page.get_by_text("Sent to the team's managers").wait_for()
    page.get_by_label("Agreed with reservations").check()
    page.get_by_role("button", name="Record my view").click()
    page.get_by_text("Recorded: agreed with reservations").wait_for()
    screenshot(page, "roles-draft-peer-consulted")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. The manager accepts the proposal with a reason, then publishes.
    sign_in(page, manager, DEMO_PASSWORD)
    page.goto(f"/roles/{draft.pk}/")
    page.get_by_text("Name experience of using crisis services.").wait_for()
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-draft-manager-decides")
    page.get_by_label("Accept").check()
    page.get_by_label("Reason").fill("Yes: it is what the role draws on.")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text(f"Accepted. {worker.display_name} is told.").wait_for()
    comment = DefinitionComment.objects.get(role_definition=draft)
    assert (comment.author, comment.decision) == (worker, "accepted")
    assert Notification.objects.filter(recipient=worker, kind="role_comment_decided").exists()
    page.get_by_role("button", name="Publish version 1").click()
    page.get_by_text("Published Peer Trainer").wait_for()
    assert RoleDefinition.objects.get(pk=draft.pk).status == "published"
    page.get_by_role("cell", name="Agreed with reservations").wait_for()
    assert page.get_by_text("Defined without peer consultation").count() == 0
    assert Consultation.objects.get(role_definition=draft, worker=worker).response == "agreed_with_reservations"

    # 4. The role is proposed to the worker: they ask for a change, then agree.
    published = RoleDefinition.objects.get(pk=draft.pk)
    assignment = services.assignment_create(actor=manager, worker=worker, role_definition=published)
    sign_in(page, worker, DEMO_PASSWORD)
    page.goto(f"/roles/assignments/{assignment.pk}/")
    page.get_by_role("heading", name="Proposed, not agreed yet").wait_for()
    page.get_by_label("Ask for a change to the role before I agree").check()
    page.get_by_label("Your question or comment").fill("Could it be Tuesdays only?")
    page.get_by_role("button", name="Send to my manager").click()
    page.get_by_text("Sent. Your manager has been told.").wait_for()
    page.get_by_text("Asks for a change").first.wait_for()
    assert AssignmentComment.objects.get(assignment=assignment).kind == "change_request"
    page.get_by_role("button", name="Agree to Peer Trainer (version 1)").click()
    page.get_by_text("you agreed to your role as Peer Trainer").wait_for()
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is not None
