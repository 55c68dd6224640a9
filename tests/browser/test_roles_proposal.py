"""Issue 15, items 6, 11, 12 in a real browser: the assign form keeps every chosen value when a
role is chosen; the role reaches the worker as a proposal they can question; the question reaches
the manager, who answers on the assignment; agreeing marks the notification done; a peer worker
given a clinical role shows as a finding on the assignment."""

import pytest

from apps.core.demo import DEMO_PASSWORD, DemoContext
from apps.notifications.models import Notification
from apps.roles import demo as roles_demo
from apps.roles.models import Assignment, AssignmentComment
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


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_role_is_proposed_questioned_answered_and_agreed(page, sign_in, demo):
    manager, worker = demo.people["manager"], demo.people["peer3"]

    # 1. The manager picks the member and the hours first, then the role: nothing chosen is lost.
    sign_in(page, manager, DEMO_PASSWORD)
    page.goto("/roles/assign/")
    page.get_by_label("Team member").select_option(label=worker.display_name)
    page.get_by_label("Hours per week").fill("25")
    page.get_by_label("Ends on").fill("2030-06-30")
    page.get_by_label("Role").select_option(label="Care Coordinator (v1) — Riverside Community Team")
    page.get_by_text("Only current members of Riverside Community Team can be assigned").wait_for()
    assert page.get_by_label("Team member").input_value() == str(worker.pk)
    assert page.get_by_label("Hours per week").input_value() == "25"
    assert page.get_by_label("Ends on").input_value() == "2030-06-30"
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-assign-form")
    page.set_viewport_size({"width": 375, "height": 800})
    assert _no_sideways_scroll(page)
    screenshot(page, "roles-assign-form-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    # The over-allocation warning with "Assign anyway" still guards the hours.
    page.get_by_role("button", name="Assign").click()
    page.get_by_label("Assign anyway, although this goes over their contracted hours").check()
    page.get_by_role("button", name="Assign").click()
    page.get_by_text(f"Assigned Care Coordinator (v1) to {worker.display_name}").wait_for()
    assignment = Assignment.objects.get(worker=worker, role_definition__title="Care Coordinator")
    assert assignment.hours_per_week == 25 and str(assignment.ends_on) == "2030-06-30"

    # 2. The worker reads the proposal from their notifications and asks a question.
    sign_in(page, worker, DEMO_PASSWORD)
    page.goto("/notifications/")
    page.get_by_text(
        "Your manager proposes this role for you — read it, ask anything, and agree when you're ready"
    ).wait_for()
    page.goto(f"/roles/assignments/{assignment.pk}/")
    page.get_by_role("heading", name="Your role: Care Coordinator").wait_for()
    # A peer worker in a clinical role is a finding on the assignment itself (item 6).
    page.get_by_text("is a peer support worker and holds the clinical role").wait_for()
    page.get_by_label("Your question or comment").fill("Would I still have peer supervision in this role?")
    page.get_by_role("button", name="Send to my manager").click()
    page.get_by_text("Sent. Your manager has been told.").wait_for()
    assert AssignmentComment.objects.get(assignment=assignment).author == worker
    assert Assignment.objects.get(pk=assignment.pk).acknowledged_at is None

    # 3. The manager is told, opens it and answers.
    sign_in(page, manager, DEMO_PASSWORD)
    page.goto("/notifications/")
    page.get_by_text(f"{worker.display_name} has a question about the role proposed to them").click()
    page.get_by_text("Would I still have peer supervision in this role?").wait_for()
    page.get_by_label("Your answer").fill("Yes: every fortnight with Sam, as now.")
    page.get_by_role("button", name="Send answer").click()
    page.get_by_text(f"Sent. {worker.display_name} has been told.").wait_for()
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-assignment-question")
    page.set_viewport_size({"width": 375, "height": 800})
    assert _no_sideways_scroll(page)
    screenshot(page, "roles-assignment-question-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 4. The worker reads the answer and agrees; the proposal is no longer waiting.
    sign_in(page, worker, DEMO_PASSWORD)
    page.goto(f"/roles/assignments/{assignment.pk}/")
    page.get_by_text("Yes: every fortnight with Sam, as now.").wait_for()
    page.get_by_role("button", name="Agree to Care Coordinator (version 1)").click()
    page.get_by_text("you agreed to your role as Care Coordinator").wait_for()
    assert Assignment.objects.get(pk=assignment.pk).acknowledged_at is not None
    proposal = Notification.objects.get(recipient=worker, kind="role_assigned", link__endswith=f"{assignment.pk}/")
    assert proposal.read_at is not None
    page.goto("/notifications/?show=unread")
    assert page.get_by_text("Your manager proposes this role").count() == 0
    assert page.js_errors == []


def test_role_detail_at_desktop_and_phone(page, sign_in, demo):
    sign_in(page, demo.people["manager"], DEMO_PASSWORD)
    page.goto("/roles/")
    page.get_by_role("link", name="Peer Support Worker").first.click()
    page.get_by_role("heading", name="Overlaps with the team's other roles").wait_for()
    page.get_by_text("The two duties, side by side").first.wait_for()
    assert page.get_by_text("Jaccard").count() == 0
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-detail")
    page.set_viewport_size({"width": 375, "height": 800})
    assert _no_sideways_scroll(page)
    screenshot(page, "roles-detail-375")
