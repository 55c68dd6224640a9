"""Issue 18, item 7, in Chromium: a peer worker writes a wellness plan and shares "What helps"
with their peer supervisor, who reads only that part; the worker steps away, choosing on the
step-away form that a colleague reads "While I step away" meanwhile; the colleague reads it,
and no longer once the worker is back; their manager reads nothing at any point."""

from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.wellness_plans.models import PlanReader, WellnessPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEEPS = "Walks by the river QXbkeeps"
HELPS = "A quiet word at the end of the day QXbhelps"
AWAY = "A text once a week, and two half days to start QXbaway"


def test_a_plan_shared_part_by_part_and_shown_while_the_worker_is_away(page, sign_in, everyone):
    peer, supervisor, peer2, manager = everyone["peer"], everyone["supervisor"], everyone["peer2"], everyone["manager"]

    # The worker writes their plan.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Wellness plan").click()
    page.get_by_role("link", name="Write my plan").click()
    page.get_by_label("What keeps me well").fill(KEEPS)
    page.get_by_label("What helps when I notice them").fill(HELPS)
    page.get_by_label("While I step away, and how I'd like to come back").fill(AWAY)
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_text("Your plan is saved").wait_for()
    plan = WellnessPlan.objects.get(author=peer)
    assert (plan.keeps_well, plan.what_helps, plan.stepping_away, plan.version) == (KEEPS, HELPS, AWAY, 1)

    # ... and shares "What helps" with their peer supervisor.
    page.get_by_role("link", name="Who reads it").click()
    page.get_by_label("Person").select_option(label="Sam Supervisor")
    page.get_by_role("group", name="Name someone else").get_by_role("group", name="Reads", exact=True).get_by_label(
        "What helps"
    ).check()
    page.get_by_role("button", name="Save who reads it").click()
    page.get_by_text("Only the people and parts you ticked").wait_for()
    assert PlanReader.objects.get(plan=plan, reader=supervisor).sections == ["what_helps"]

    # The supervisor reads only that part (and the read is recorded).
    sign_in(page, supervisor)
    page.goto("/wellness-plan/shared/")
    page.get_by_role("link", name="Pat Peer").click()
    page.get_by_text(HELPS).wait_for()
    body = page.content()
    assert KEEPS not in body and AWAY not in body
    assert AuditEvent.objects.filter(actor=supervisor, action="read", target_id=plan.pk).count() == 1

    # The colleague reads nothing yet.
    sign_in(page, peer2)
    response = page.goto(f"/wellness-plan/{plan.pk}/")
    assert response.status == 404 and AWAY not in page.content()

    # The worker steps away and, on the same form, lets the colleague read "While I step away".
    sign_in(page, peer)
    page.goto("/wellbeing/")
    page.get_by_label("Planned return date").fill((org_today(peer.organisation) + timedelta(days=14)).isoformat())
    page.get_by_label('Also let someone else read "While I step away, and how I come back"').select_option(
        label="Robin Peer"
    )
    page.get_by_role("button", name="Step away").click()
    page.get_by_text("You have stepped away until").first.wait_for()
    assert User.objects.get(pk=peer.pk).status == User.Status.STEPPED_AWAY
    assert PlanReader.objects.get(plan=plan, reader=peer2).away_sections == ["stepping_away"]

    sign_in(page, peer2)
    page.goto("/wellness-plan/shared/")
    page.get_by_role("link", name="Pat Peer").click()
    page.get_by_text(AWAY).wait_for()
    assert KEEPS not in page.content() and HELPS not in page.content()

    # The manager sees nothing, then or ever.
    sign_in(page, manager)
    page.goto("/wellness-plan/shared/")
    page.get_by_text("Nobody has shared part of their plan with you.").wait_for()
    response = page.goto(f"/wellness-plan/{plan.pk}/")
    assert response.status == 404
    assert not any(m in page.content() for m in (KEEPS, HELPS, AWAY))

    # The worker is back: the colleague's view of the plan is gone.
    sign_in(page, peer)
    page.goto("/wellbeing/")
    page.get_by_role("button", name="I'm back").click()
    page.get_by_text("Welcome back").wait_for()
    sign_in(page, peer2)
    page.goto("/wellness-plan/shared/")
    page.get_by_text("Nobody has shared part of their plan with you.").wait_for()
    response = page.goto(f"/wellness-plan/{plan.pk}/")
    assert response.status == 404 and AWAY not in page.content()
    assert page.js_errors == []
