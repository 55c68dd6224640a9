"""Reflections in a real browser: write, share, comment, un-share; autosave; the chart."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.core.dates import org_today
from apps.reflections.models import Reflection
from tests.browser.conftest import screenshot, wait_until
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "In handover I offered my own reading of someone's missed mornings.\nThe plan changed."


def console_errors(page):
    """Console errors (a CSP violation shows up here), except the 404 we expect to provoke."""
    errors = []

    def record(msg):
        if msg.type == "error" and "status of 404" not in msg.text:
            errors.append(msg.text)

    page.on("console", record)
    return errors


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_peer_shares_a_gibbs_reflection_the_supervisor_comments_then_it_is_made_private(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    errors = console_errors(page)

    # 1. The peer writes a Gibbs reflection and shares it with their supervisors.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reflections").click()
    page.get_by_role("link", name="New reflection").click()
    page.get_by_label("Title").fill("Speaking up in handover")
    page.get_by_label("Reflective framework").select_option("gibbs")
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Feelings").fill("Nervous, then heard.")
    page.get_by_label("Action plan").fill("Bring one sentence on what helps.")
    page.get_by_label("Perspective I brought").select_option("lived_experience")
    page.get_by_label("How the team received it").select_option("welcomed")
    page.get_by_label("My supervisors", exact=True).check()
    # Sharing names people (issue 13): the peer supervisor is ticked as its reader.
    assert page.get_by_label("Sam Supervisor (peer supervision)").is_checked()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Reflection saved and shared: Sam Supervisor can read it.").wait_for()
    reflection = Reflection.objects.get(author=peer)
    assert reflection.framework == "gibbs" and reflection.visibility == "supervisor" and not reflection.is_draft
    detail_url = page.url.split("?")[0]

    # 2. The supervisor finds it among the entries shared with them and comments.
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reflections").click()
    page.get_by_role("link", name="Supervisee reflections shared with me").click()
    page.get_by_role("link", name="Speaking up in handover").click()
    page.get_by_text("The plan changed.").wait_for()
    assert serious_axe_violations(page) == []
    page.get_by_label("Your comment").fill("Thank you - that took courage. Let's talk about it on Thursday.")
    page.get_by_role("button", name="Add comment").click()
    page.get_by_text("Comment added.").wait_for()
    page.get_by_role("button", name="Acknowledge: seen, thank you").click()
    page.get_by_text("Acknowledged. The author has been told").wait_for()

    # 3. The worker sees the comment (and the acknowledgement).
    sign_in(page, peer)
    page.goto(detail_url)
    comment = page.locator(".comment").first
    assert "that took courage" in comment.inner_text()
    assert page.get_by_text("Acknowledged by Sam Supervisor").is_visible()
    screenshot(page, "reflection-detail-with-comment")

    # 4. The worker makes it private again ...
    page.get_by_label("Private (only me)").check()
    page.get_by_role("button", name="Update sharing").click()
    page.get_by_text("Sharing updated: only you can read it.").wait_for()

    # 5. ... and the supervisor can no longer open it.
    sign_in(page, supervisor)
    response = page.goto(detail_url)
    assert response.status == 404
    assert "that took courage" not in page.content() and "Speaking up" not in page.content()
    page.goto("/reflections/shared-with-me/")
    assert page.get_by_text("Speaking up in handover").count() == 0
    assert page.js_errors == [] and errors == []


def test_autosave_keeps_a_server_draft_while_typing(page, sign_in, everyone, settings):
    settings.REFLECTION_AUTOSAVE_SECONDS = 1
    peer = everyone["peer"]
    sign_in(page, peer)
    page.goto("/reflections/new/")
    page.get_by_label("Reflective framework").select_option("driscoll")
    # Switching framework in the browser shows its prompts at once (no reload).
    page.get_by_label("So what?").fill("It mattered because the team listened.")
    page.get_by_text("Draft saved at").wait_for()
    draft = Reflection.objects.get(author=peer)
    assert draft.is_draft and draft.framework == "driscoll"
    assert draft.sections == {"so_what": "It mattered because the team listened."}
    # Later saves go to the same draft, and submitting publishes it (no duplicate).
    page.get_by_label("Title").fill("What the team heard")
    wait_until(
        page,
        "document.getElementById('autosave-status').textContent.includes('Draft saved')"
        " && document.querySelector('input[name=draft]').value !== ''",
    )
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Reflection saved. It is private").wait_for()
    assert Reflection.objects.filter(author=peer).count() == 1
    published = Reflection.objects.get(author=peer)
    assert not published.is_draft and published.title == "What the team heard"
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('pspteam:reflection')).length") == 0


def test_text_typed_but_never_saved_is_restored_from_the_browser(page, sign_in, everyone, settings):
    settings.REFLECTION_AUTOSAVE_SECONDS = 3600  # no server save during this test
    sign_in(page, everyone["peer"])
    page.goto("/reflections/new/")
    page.get_by_label("Title").fill("Written before the session ended")
    page.get_by_label("Feelings").fill("A long paragraph I do not want to lose.")
    # The session times out: the browser comes back to the form later.
    page.context.clear_cookies()
    sign_in(page, everyone["peer"])
    page.goto("/reflections/new/")
    page.get_by_text("We restored text you had typed in this browser").wait_for()
    assert page.get_by_label("Feelings").input_value() == "A long paragraph I do not want to lose."
    assert page.get_by_label("Title").input_value() == "Written before the session ended"
    page.get_by_role("button", name="Discard the restored text").click()
    assert page.get_by_label("Feelings").input_value() == ""
    assert not Reflection.objects.exists()


def test_exchanges_chart_is_drawn_from_the_vendored_library_with_a_table(page, sign_in, everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    for days, reception in ((0, "welcomed"), (35, "dismissed"), (70, "negotiated"), (70, "welcomed")):
        ReflectionFactory(
            author=peer, perspective="lived_experience", reception=reception, occurred_on=today - timedelta(days=days)
        )
    errors = console_errors(page)
    sign_in(page, peer)
    page.goto("/reflections/exchanges/")
    page.wait_for_selector("#exchanges-chart[data-drawn='1']")
    assert page.evaluate("() => typeof window.Chart") == "function"
    assert page.get_by_role("table").get_by_role("row").count() == 14  # header, 12 months, total
    assert serious_axe_violations(page) == []
    screenshot(page, "reflection-exchanges-chart")
    page.set_viewport_size({"width": 375, "height": 800})
    # Chart.js redraws on resize (asynchronously); then nothing is wider than a phone screen.
    wait_until(page, "document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.js_errors == [] and errors == []
