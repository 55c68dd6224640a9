"""The peer community in the browser (issue 19, item 1): Pat starts a thread from the header
link, Robin replies, Sam (a peer lead) hides the reply with a reason, Robin is told without any
content and reads the reason on the post; Morgan (a manager) has no link and is refused."""

import pytest

from apps.community.models import Moderator, Post, Thread
from apps.notifications.models import Notification
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKER = "COMMUNITY-BROWSER-3H"
REASON = "It names someone who uses our service"


def test_peers_talk_a_peer_lead_hides_a_reply_and_a_manager_never_gets_in(page, sign_in, everyone):
    pat, robin, sam, morgan = everyone["peer"], everyone["peer2"], everyone["supervisor"], everyone["manager"]
    Moderator.objects.create(organisation=pat.organisation, worker=sam, granted_by=everyone["admin"])

    # 1. Pat starts a thread from the header link.
    sign_in(page, pat)
    page.get_by_role("link", name="Peer community").first.click()
    page.get_by_role("heading", name="Peer community", level=1).wait_for()
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Being the only peer worker in the room")
    page.get_by_label("What you want to say").fill("How do you keep the peer view in ward rounds?")
    page.get_by_role("button", name="Post to the peer community").click()
    page.get_by_text("Thread started. Only peer workers read it.").wait_for()
    thread = Thread.objects.get()
    assert thread.author == pat and thread.posts.get().body == "How do you keep the peer view in ward rounds?"

    # 2. Robin replies.
    sign_in(page, robin)
    page.goto(f"/community/threads/{thread.pk}/")
    page.get_by_label("Your reply").fill(f"I ask to speak first. {MARKER}")
    page.get_by_role("button", name="Post reply").click()
    page.get_by_text("Reply posted.").wait_for()
    reply = Post.objects.get(author=robin)
    assert MARKER in reply.body

    # 3. Sam, a peer lead, hides the reply with a reason.
    sign_in(page, sam)
    page.goto(f"/community/threads/{thread.pk}/")
    post = page.get_by_role("article").filter(has_text=MARKER)
    post.get_by_text("Hide this post").click()
    post.get_by_label("Why it is hidden").fill(REASON)
    post.get_by_role("button", name="Hide post").click()
    page.get_by_text("Post hidden. Its author has been told, without its text.").wait_for()
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_reason == REASON and reply.hidden_by == sam
    screenshot(page, "peer-community-thread")

    # 4. Pat no longer reads it; Robin is told (no content) and reads the reason on the post.
    sign_in(page, pat)
    page.goto(f"/community/threads/{thread.pk}/")
    page.get_by_text("Hidden by a peer lead.").wait_for()
    assert MARKER not in page.content() and REASON not in page.content()
    sign_in(page, robin)
    note = Notification.objects.get(recipient=robin, kind="community_post_hidden")
    assert MARKER not in note.message and REASON not in note.message
    page.goto(note.link)
    page.get_by_text(f"Reason: {REASON}").wait_for()
    assert MARKER in page.content()

    # 5. Morgan, a manager (not a peer worker): no link, refused, and nothing of it shown.
    sign_in(page, morgan)
    page.goto("/")
    assert page.get_by_role("link", name="Peer community").count() == 0
    assert page.goto("/community/").status == 403
    assert page.goto(f"/community/threads/{thread.pk}/").status == 404
    assert MARKER not in page.content() and "Being the only peer worker" not in page.content()
    assert not page.js_errors
