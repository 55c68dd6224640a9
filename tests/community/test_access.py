"""Nobody outside the peer community reaches its content: every persona over the pages, the
JSON API and the CSV, with markers in the title, the opening post and a reply."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from tests.community.conftest import BODY_MARKER, MEMBERS, NOT_MEMBERS, REPLY_MARKER, TITLE_MARKER

pytestmark = pytest.mark.django_db

MARKERS = (TITLE_MARKER, BODY_MARKER, REPLY_MARKER)


def _surfaces(thread):
    post = thread.posts.order_by("created_at").first()
    return {
        "home": reverse("community:home"),
        "thread": reverse("community:thread-detail", args=[thread.pk]),
        "csv": reverse("community:thread-export", args=[thread.pk]),
        "post": reverse("community:post-detail", args=[post.pk]),
        "api_threads": "/api/v1/community/threads/",
        "api_thread": f"/api/v1/community/threads/{thread.pk}/",
        "api_posts": f"/api/v1/community/threads/{thread.pk}/posts/",
        "api_post": f"/api/v1/community/posts/{post.pk}/",
    }


# Lists: the page exists, it is not for them (403). A thread or post by id: not found (404).
NOT_MEMBER_STATUS = {
    "home": 403,
    "thread": 404,
    "csv": 404,
    "post": 404,
    "api_threads": 403,
    "api_thread": 404,
    "api_posts": 404,
    "api_post": 404,
}


@pytest.mark.parametrize("who", MEMBERS)
def test_every_peer_worker_of_the_organisation_reads_the_community(client, everyone, thread, who):
    client.force_login(everyone[who])
    surfaces = _surfaces(thread)
    for name, url in surfaces.items():
        response = client.get(url)
        assert response.status_code == 200, name
    # The thread page and its CSV carry every marker; the API's thread its title, its posts the bodies.
    for name, markers in (
        ("thread", MARKERS),
        ("csv", MARKERS),
        ("api_thread", MARKERS[:1]),
        ("api_posts", MARKERS[1:]),
    ):
        text = client.get(surfaces[name]).content.decode()
        assert all(m in text for m in markers), name


@pytest.mark.parametrize("who", [*NOT_MEMBERS, "outsider"])
def test_nobody_who_is_not_a_peer_worker_of_the_organisation_reaches_any_of_it(client, everyone, thread, who):
    client.force_login(everyone[who])
    for name, url in _surfaces(thread).items():
        response = client.get(url)
        expected = NOT_MEMBER_STATUS[name]
        if who == "outsider" and name in ("home", "api_threads"):
            # Otto is a peer worker of another organisation: he sees his own, empty community.
            assert everyone[who].is_peer
            expected = 200
        assert response.status_code == expected, (name, response.status_code)
        text = response.content.decode()
        assert not any(m in text for m in MARKERS), name
    # Nothing was read, so nothing was recorded as read.
    assert not AuditEvent.objects.filter(actor=everyone[who], action="read").exists()


def test_an_org_admin_who_is_a_peer_worker_reads_it_and_the_nav_link_shows_only_to_peers(client, everyone, thread):
    everyone["admin"].worker_kind = "peer"
    everyone["admin"].save(update_fields=["worker_kind"])
    client.force_login(everyone["admin"])
    assert TITLE_MARKER in client.get(reverse("community:home")).content.decode()
    link = f'href="{reverse("community:home")}"'
    for who in ("peer", "manager", "clinician"):
        client.force_login(everyone[who])
        page = client.get(reverse("core:my-day")).content.decode()
        assert (link in page) is (who == "peer"), who


def test_anonymous_people_are_sent_to_sign_in_and_the_api_answers_401(client, thread):
    assert client.get(reverse("community:home")).status_code == 302
    assert client.get("/api/v1/community/threads/").status_code == 401


def test_every_body_read_by_someone_else_is_audited_and_the_authors_own_reads_are_not(client, everyone, thread):
    posts = list(thread.posts.order_by("created_at"))
    client.force_login(everyone["harbour_peer"])
    client.get(reverse("community:thread-detail", args=[thread.pk]))
    reads = AuditEvent.objects.filter(actor=everyone["harbour_peer"], action="read")
    # The thread, and its posts in one row (one audit row per list of bodies shown).
    assert sorted((e.target_type, target) for e in reads for target, _ in e.targets()) == sorted(
        [("community.thread", thread.pk), ("community.post", posts[0].pk), ("community.post", posts[1].pk)]
    )
    assert reads.count() == 2
    assert dict(reads.naming_target(posts[0].pk).get().targets())[posts[0].pk] == everyone["peer"].pk
    client.force_login(everyone["peer"])
    client.get(reverse("community:post-detail", args=[posts[0].pk]))
    assert not AuditEvent.objects.filter(actor=everyone["peer"], action="read", target_id=posts[0].pk).exists()
    # Robin reading Pat's post through the API: one more read of it.
    client.force_login(everyone["peer2"])
    client.get(f"/api/v1/community/posts/{posts[0].pk}/")
    assert AuditEvent.objects.filter(actor=everyone["peer2"], action="read", target_id=posts[0].pk).count() == 1
