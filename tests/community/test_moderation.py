"""Moderation by peer leads: a peer worker the org admin names hides a post with a reason; the
author is told without any content; the decision is audited; nobody else can, and an org admin
who is not a peer worker can neither moderate nor read."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.community.models import Moderator, Post
from apps.notifications.models import Notification
from tests.community.conftest import BODY_MARKER, REPLY_MARKER

pytestmark = pytest.mark.django_db

REASON = "Names a person who uses our service"


def _reply(thread):
    return thread.posts.get(body__contains=REPLY_MARKER)


def test_a_peer_lead_hides_a_post_the_author_is_told_content_free_and_it_is_audited(api, everyone, thread, lead):
    reply = _reply(thread)
    response = api.as_(lead).post(f"/api/v1/community/posts/{reply.pk}/hide/", {"reason": REASON}, format="json")
    assert response.status_code == 200
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_by == lead and reply.hidden_reason == REASON
    event = AuditEvent.objects.get(actor=lead, action="update", target_id=reply.pk)
    assert REASON not in event.detail and REPLY_MARKER not in event.detail
    note = Notification.objects.get(recipient=everyone["peer2"], kind="community_post_hidden")
    assert REASON not in note.message and REPLY_MARKER not in note.message
    assert note.link == reverse("community:post-detail", args=[reply.pk])


def test_a_hidden_post_is_read_by_its_author_and_peer_leads_only(api, client, everyone, thread, lead):
    reply = _reply(thread)
    api.as_(lead).post(f"/api/v1/community/posts/{reply.pk}/hide/", {"reason": REASON}, format="json")
    for who, sees in (("peer", False), ("harbour_peer", False), ("peer2", True), ("supervisor", True)):
        client.force_login(everyone[who])
        page = client.get(reverse("community:thread-detail", args=[thread.pk])).content.decode()
        assert (REPLY_MARKER in page) is sees, who
        assert (REASON in page) is sees, who
        assert "Hidden by a peer lead" in page and BODY_MARKER in page
        data = api.as_(everyone[who]).get(f"/api/v1/community/posts/{reply.pk}/").json()
        assert (data["text"] is not None) is sees and data["hidden"] is True
    # A member who was not shown the text has no read of it recorded.
    assert not AuditEvent.objects.filter(actor=everyone["harbour_peer"], action="read", target_id=reply.pk).exists()


@pytest.mark.parametrize("who", ["peer", "harbour_peer"])
def test_a_peer_who_is_not_a_lead_cannot_hide_and_nothing_changes(api, everyone, thread, who):
    reply = _reply(thread)
    response = api.as_(everyone[who]).post(
        f"/api/v1/community/posts/{reply.pk}/hide/", {"reason": REASON}, format="json"
    )
    assert response.status_code == 403
    reply.refresh_from_db()
    assert not reply.is_hidden and reply.hidden_reason == ""
    assert not Notification.objects.filter(kind="community_post_hidden").exists()


@pytest.mark.parametrize("who", ["admin", "manager", "clinician", "outsider"])
def test_an_org_admin_or_manager_who_is_not_a_peer_cannot_moderate_even_if_named(api, client, everyone, thread, who):
    # Even a grant row (made behind the services' back) gives a non-peer nothing.
    if everyone[who].organisation_id == thread.organisation_id:
        Moderator.objects.create(organisation=thread.organisation, worker=everyone[who])
    reply = _reply(thread)
    response = api.as_(everyone[who]).post(
        f"/api/v1/community/posts/{reply.pk}/hide/", {"reason": REASON}, format="json"
    )
    assert response.status_code == 404
    client.force_login(everyone[who])
    assert client.post(reverse("community:post-hide", args=[reply.pk]), {"reason": REASON}).status_code == 404
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_a_hide_needs_a_reason_and_restoring_shows_it_again(api, everyone, thread, lead):
    reply = _reply(thread)
    client = api.as_(lead)
    for body in ({}, {"reason": ""}, {"reason": "x" * 501}, {"reason": "a\x00"}):
        response = client.post(f"/api/v1/community/posts/{reply.pk}/hide/", body, format="json")
        assert response.status_code == 400 and "reason" in response.json(), body
    assert not Post.objects.get(pk=reply.pk).is_hidden
    client.post(f"/api/v1/community/posts/{reply.pk}/hide/", {"reason": REASON}, format="json")
    assert client.post(f"/api/v1/community/posts/{reply.pk}/restore/").status_code == 200
    reply.refresh_from_db()
    assert not reply.is_hidden and reply.hidden_reason == "" and reply.hidden_by is None


def test_only_an_org_admin_names_peer_leads_and_only_peer_workers(api, client, everyone):
    admin = everyone["admin"]
    client_api = api.as_(admin)
    response = client_api.post(
        "/api/v1/community/moderators/", {"worker": str(everyone["clinician"].pk)}, format="json"
    )
    assert response.status_code == 400 and "worker" in response.json()
    response = client_api.post("/api/v1/community/moderators/", {"worker": str(everyone["outsider"].pk)}, format="json")
    assert response.status_code == 400 and "worker" in response.json()
    assert not Moderator.objects.exists()
    response = client_api.post("/api/v1/community/moderators/", {"worker": str(everyone["peer2"].pk)}, format="json")
    assert response.status_code == 201
    row = Moderator.objects.get()
    assert row.worker == everyone["peer2"] and row.granted_by == admin
    assert AuditEvent.objects.filter(actor=admin, action="create", target_id=row.pk, subject=everyone["peer2"]).exists()
    for who in ("peer", "manager", "supervisor"):
        response = api.as_(everyone[who]).post(
            "/api/v1/community/moderators/", {"worker": str(everyone["peer"].pk)}, format="json"
        )
        assert response.status_code == 403, who
    assert Moderator.objects.count() == 1
    # The admin's page names the lead and removes them.
    client.force_login(admin)
    assert "Robin Peer" in client.get(reverse("community:moderators")).content.decode()
    client.post(reverse("community:moderator-remove", args=[row.pk]))
    assert not Moderator.objects.exists()
