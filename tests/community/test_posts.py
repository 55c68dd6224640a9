"""Starting threads, replying, sharing one's own reflection, withdrawing: each write re-read
from the database; each refused write leaves nothing behind."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.community.models import Post, Thread
from tests.community.conftest import start
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


def test_a_peer_worker_starts_a_thread_in_the_browser_and_it_is_stored_and_audited(client, everyone):
    client.force_login(everyone["peer"])
    url = reverse("community:thread-new")
    response = client.post(url, {"title": "Ward rounds", "body": "How do you speak up?"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("community:thread-detail", args=[thread.pk])
    assert thread.title == "Ward rounds" and thread.author == everyone["peer"]
    assert thread.organisation_id == everyone["peer"].organisation_id
    assert list(thread.posts.values_list("body", flat=True)) == ["How do you speak up?"]
    assert AuditEvent.objects.filter(actor=everyone["peer"], action="create", target_id=thread.pk).exists()


@pytest.mark.parametrize("who", ["manager", "clinician", "admin", "other_manager"])
def test_nobody_else_can_post_and_nothing_is_stored(api, client, everyone, thread, who):
    before = Post.objects.count(), Thread.objects.count()
    client.force_login(everyone[who])
    assert client.post(reverse("community:thread-new"), {"title": "x", "body": "y"}).status_code == 403
    assert client.post(reverse("community:thread-detail", args=[thread.pk]), {"body": "y"}).status_code == 404
    response = api.as_(everyone[who]).post("/api/v1/community/threads/", {"title": "x", "body": "y"}, format="json")
    assert response.status_code == 403
    response = api.post(f"/api/v1/community/threads/{thread.pk}/posts/", {"body": "y"}, format="json")
    assert response.status_code == 404
    assert (Post.objects.count(), Thread.objects.count()) == before


def test_a_reply_through_the_api_is_stored_and_bad_input_names_the_field(api, everyone, thread):
    client = api.as_(everyone["harbour_peer"])
    response = client.post(f"/api/v1/community/threads/{thread.pk}/posts/", {"body": "From Harbour"}, format="json")
    assert response.status_code == 201
    post = Post.objects.get(pk=response.json()["id"])
    assert post.author == everyone["harbour_peer"] and post.thread == thread and post.body == "From Harbour"
    before = Post.objects.count()
    for body, field in (({"body": ""}, "body"), ({"body": "a\x00b"}, "body"), ({"body": "x" * 10_001}, "body")):
        response = client.post(f"/api/v1/community/threads/{thread.pk}/posts/", body, format="json")
        assert response.status_code == 400 and field in response.json(), body
    response = client.post("/api/v1/community/threads/", {"title": "", "body": "x"}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    response = client.post("/api/v1/community/threads/", {"title": "t", "body": "x", "colour": "red"}, format="json")
    assert response.status_code == 400 and "colour" in response.json()
    assert Post.objects.count() == before


def test_a_peer_shares_their_own_reflection_and_only_their_own_published_one(api, everyone):
    pat, robin = everyone["peer"], everyone["peer2"]
    mine = ReflectionFactory(author=pat, title="What I learned", framework="free", sections={"body": "REFL-TEXT-5M"})
    draft = ReflectionFactory(author=pat, framework="free", sections={"body": "d"}, is_draft=True)
    theirs = ReflectionFactory(author=robin, framework="free", sections={"body": "ROBIN-ONLY"})
    client = api.as_(pat)
    for other in (draft, theirs):
        response = client.post("/api/v1/community/threads/", {"title": "t", "reflection": str(other.pk)}, format="json")
        assert response.status_code == 400 and "reflection" in response.json()
    assert not Thread.objects.exists()
    response = client.post(
        "/api/v1/community/threads/", {"title": "Sharing", "reflection": str(mine.pk)}, format="json"
    )
    assert response.status_code == 201
    post = Post.objects.get()
    assert post.reflection == mine and post.body == "" and post.author == pat
    # Robin reads it as it reads today (live from the reflection), and the read is recorded.
    posts = api.as_(robin).get(f"/api/v1/community/threads/{post.thread_id}/posts/").json()["results"]
    assert posts[0]["shared_reflection"]["title"] == "What I learned"
    assert "REFL-TEXT-5M" in str(posts[0]["shared_reflection"]["sections"])
    assert AuditEvent.objects.filter(actor=robin, action="read", target_id=post.pk, subject=pat).exists()
    # Robin cannot open the reflection itself: sharing into the community changed nothing there.
    assert api.as_(robin).get(f"/api/v1/reflections/{mine.pk}/").status_code == 404


def test_the_author_withdraws_a_post_and_nobody_else_can(api, everyone, thread):
    reply = thread.posts.get(author=everyone["peer2"])
    assert api.as_(everyone["peer"]).delete(f"/api/v1/community/posts/{reply.pk}/").status_code == 403
    assert api.as_(everyone["manager"]).delete(f"/api/v1/community/posts/{reply.pk}/").status_code == 404
    assert Post.objects.filter(pk=reply.pk).exists()
    assert api.as_(everyone["peer2"]).delete(f"/api/v1/community/posts/{reply.pk}/").status_code == 204
    assert not Post.objects.filter(pk=reply.pk).exists() and Thread.objects.filter(pk=thread.pk).exists()
    # The last post withdrawn: the thread goes with it.
    _, only = start(everyone["peer2"])
    assert api.as_(everyone["peer2"]).delete(f"/api/v1/community/posts/{only.pk}/").status_code == 204
    assert not Thread.objects.filter(pk=only.thread_id).exists()
