"""Supervision by consent in a real browser (issue 13): a manager proposes; the peer, on a phone,
sees what the supervisor would be able to read and accepts; the supervisor accepts; the agreement
is active. And the other path: the peer declines."""

import pytest

from apps.supervision.models import Agreement
from tests.boundaries.factories import BoundaryNoteFactory
from tests.browser.conftest import screenshot, wait_until
from tests.browser.test_accessibility import serious_violations
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def propose(page, sign_in, manager, *, supervisee: str, supervisor: str, kind: str):
    sign_in(page, manager)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agreements").click()
    page.locator("#id_supervisee").select_option(label=supervisee)
    page.locator("#id_supervisor").select_option(label=supervisor)
    page.get_by_label("Kind of supervision").select_option(kind)
    page.get_by_label("Every how many days").fill("28")
    page.get_by_role("button", name="Propose agreement").click()
    page.get_by_text("Agreement proposed").wait_for()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_manager_proposes_the_peer_sees_the_scope_and_accepts_then_the_supervisor_accepts(page, sign_in, everyone):
    manager, robin, casey = everyone["manager"], everyone["peer2"], everyone["clinician"]
    # Named for Casey (as under an earlier agreement): sharing names people (issue 13).
    BoundaryNoteFactory(author=robin, situation="QXprivate situation", readers=[casey])
    ReflectionFactory(author=robin, visibility="supervisor", readers=[casey])
    ReflectionFactory(author=robin, visibility="private")

    propose(page, sign_in, manager, supervisee="Robin Peer", supervisor="Casey Clinician (clinical)", kind="clinical")
    row = page.locator("#agreements tr", has_text="Casey Clinician")
    assert "Proposed: awaiting Robin Peer and Casey Clinician" in row.inner_text()
    agreement = Agreement.objects.get(supervisee=robin, supervisor=casey)
    assert agreement.status == Agreement.Status.PROPOSED

    # The peer, on a phone: what would be shared, then Accept.
    page.set_viewport_size(PHONE)
    sign_in(page, robin)
    page.goto("/supervision/mine/")
    card = page.locator(f"#proposal-{agreement.pk}")
    card.wait_for()
    assert card.locator('[data-scope="boundary_notes"] .consent-scope__count').inner_text() == "1"
    assert card.locator('[data-scope="reflections"] .consent-scope__count').inner_text() == "1"
    assert card.locator('[data-scope="check_ins"] .consent-scope__count').inner_text() == "0"
    assert "QXprivate" not in page.content()
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    screenshot(page, "consent-proposal-phone")
    card.get_by_role("button", name="Accept").click()
    page.get_by_text("Accepted.").wait_for()
    assert "Proposed: awaiting Casey Clinician" in page.locator("#agreement-status").inner_text()
    assert fits_the_phone(page)

    # The supervisor finds it on "my day" and accepts: now active.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, casey)
    page.goto("/")
    page.get_by_role("heading", name="Supervision waiting for your answer").wait_for()
    page.get_by_role("link", name="Clinical supervision: Casey Clinician supervising Robin Peer").click()
    assert page.get_by_role("heading", name="What this agreement would share").count() == 0
    page.get_by_role("button", name="Accept").click()
    wait_until(page, "document.querySelector('#agreement-status').innerText.includes('Active')")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    screenshot(page, "consent-active")

    # The manager's list shows it active.
    sign_in(page, manager)
    page.goto("/supervision/agreements/?status=active")
    assert "Active" in page.locator("#agreements tr", has_text="Casey Clinician").inner_text()
    assert page.js_errors == []


def test_the_peer_declines_on_a_phone_and_nothing_is_in_force(page, sign_in, everyone):
    manager, robin, sam = everyone["manager"], everyone["peer2"], everyone["supervisor"]
    propose(
        page, sign_in, manager, supervisee="Robin Peer", supervisor="Sam Supervisor (lived experience)", kind="peer"
    )
    agreement = Agreement.objects.get(supervisee=robin, supervisor=sam)

    page.set_viewport_size(PHONE)
    sign_in(page, robin)
    page.goto(f"/supervision/agreements/{agreement.pk}/")
    page.get_by_role("heading", name="What this agreement would share").wait_for()
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Decline").click()
    page.get_by_text("Declined. Nothing was shared.").wait_for()
    assert "Declined" in page.locator("#agreement-status").inner_text()
    assert page.get_by_role("button", name="Accept").count() == 0
    agreement.refresh_from_db()
    assert (agreement.status, agreement.declined_by) == (Agreement.Status.DECLINED, robin)
    assert page.js_errors == []
