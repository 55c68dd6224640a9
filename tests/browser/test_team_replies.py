"""The two-way learning feed in a real browser (issue 19, item 2), at phone width: a colleague
replies on the team feed with htmx and says "this helped me"; the author reads the reply, sees the
anonymous count once enough colleagues marked it, and turns replies off; the colleague then
sees neither the reply form nor the earlier reply."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings

from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped
from tests.browser.conftest import screenshot
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
REPLY = "I tried this in Thursday's handover and it worked."


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


@override_settings(VOICE_MIN_GROUP=2)
def test_a_colleague_replies_on_the_feed_and_the_author_turns_replies_off(page, sign_in, everyone, riverside):
    peer, peer2, clinician = everyone["peer"], everyone["peer2"], everyone["clinician"]
    entry = ReflectionFactory(author=peer, visibility="team", team=riverside, title="Naming hope in handover")
    page.set_viewport_size(PHONE)

    # 1. Robin (a colleague) replies from the team feed: htmx swaps the entry's thread in place.
    sign_in(page, peer2)
    page.goto(f"/reflections/teams/{riverside.pk}/")
    thread = page.locator(f"#thread-{entry.pk}")
    thread.get_by_text("Reply", exact=True).click()
    thread.get_by_role("button", name="Send reply").click()  # empty: refused in place
    page.locator(f"#thread-{entry.pk} .error").wait_for()
    assert ReflectionComment.objects.count() == 0
    page.locator(f"#thread-{entry.pk}").get_by_label("Your reply").fill(REPLY)
    page.locator(f"#thread-{entry.pk}").get_by_role("button", name="Send reply").click()
    page.locator(f"#thread-{entry.pk}").get_by_text(REPLY).wait_for()
    assert page.url.endswith(f"/reflections/teams/{riverside.pk}/")  # no page load: htmx
    assert ReflectionComment.objects.get().team_id == riverside.pk
    page.locator(f"#thread-{entry.pk}").get_by_role("button", name="This helped me").click()
    page.locator(f"#thread-{entry.pk}").get_by_role("button", name="This helped me ✓ (take back)").wait_for()
    assert ReflectionHelped.objects.filter(reflection=entry, user=peer2).exists()
    assert serious_axe_violations(page) == []
    assert not scrolls_sideways(page)
    screenshot(page, "team-feed-reply-phone")

    # 2. Casey marks it too: two colleagues, at the (test's) minimum group.
    sign_in(page, clinician)
    page.goto(f"/reflections/{entry.pk}/")
    page.get_by_role("button", name="This helped me").click()
    page.get_by_role("button", name="This helped me ✓ (take back)").wait_for()

    # 3. Pat reads the reply and the anonymous count, then turns replies off.
    sign_in(page, peer)
    page.goto(f"/reflections/{entry.pk}/")
    page.get_by_text(REPLY).wait_for()
    reception = page.locator("#reception")
    assert "Colleagues who said “this helped me”" in reception.inner_text()
    assert "2" in reception.locator("dd").first.inner_text()
    assert "Robin" not in reception.inner_text() and "Casey" not in reception.inner_text()
    assert serious_axe_violations(page) == []
    assert not scrolls_sideways(page)
    page.get_by_role("button", name="Turn replies off").click()
    page.get_by_text("Replies are off: earlier replies are kept and only you see them.").first.wait_for()
    assert Reflection.objects.get(pk=entry.pk).replies_open is False
    page.get_by_text(REPLY).wait_for()  # the author still sees it

    # 4. Casey no longer sees Robin's reply nor a reply form.
    sign_in(page, clinician)
    page.goto(f"/reflections/teams/{riverside.pk}/")
    thread = page.locator(f"#thread-{entry.pk}")
    thread.get_by_text("has turned replies off").wait_for()
    assert REPLY not in page.content()
    assert thread.get_by_role("button", name="Send reply").count() == 0
