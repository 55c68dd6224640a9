"""Notifications: own only, mark read, mark all read, the header's unread count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notifications.models import Notification
from apps.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(everyone):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    mine = [notify(recipient=peer, kind="test", message=f"Message {i}", link="/supervision/") for i in range(3)]
    theirs = notify(recipient=peer2, kind="test", message="Robin's own", link="/")
    return mine, theirs


def test_the_page_lists_only_my_own_notifications(client, everyone, inbox):
    client.force_login(everyone["peer"])
    response = client.get(reverse("notifications:notification-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Message 0" in body and "Message 2" in body and "Robin's own" not in body
    assert "Mark all as read" in body


def test_the_unread_filter_and_an_empty_state(client, everyone, inbox):
    client.force_login(everyone["peer"])
    client.post(reverse("notifications:notification-read-all"))
    response = client.get(reverse("notifications:notification-list") + "?show=unread")
    assert "No unread notifications" in response.content.decode()
    client.force_login(everyone["clinician"])
    assert "No notifications." in client.get(reverse("notifications:notification-list")).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_only_a_local_link(client, everyone, inbox):
    mine, theirs = inbox
    client.force_login(everyone["peer"])
    response = client.post(reverse("notifications:notification-open", args=[mine[0].pk]))
    assert response.status_code == 302 and response["Location"] == "/supervision/"
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None

    evil = notify(recipient=everyone["peer"], kind="test", message="x", link="https://evil.example/")
    response = client.post(reverse("notifications:notification-open", args=[evil.pk]))
    assert response["Location"] == reverse("notifications:notification-list")
    # someone else's: not found, and left unread
    assert client.post(reverse("notifications:notification-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_my_own(client, everyone, inbox):
    mine, theirs = inbox
    client.force_login(everyone["peer"])
    response = client.post(reverse("notifications:notification-read-all"), follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=everyone["peer"], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notifications:notification-read-all")).status_code == 405


def test_the_header_unread_count_is_one_query(client, everyone, inbox):
    client.force_login(everyone["peer"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:notification-list"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "notifications_notification" in q["sql"]]
    # One for the header badge; the paginator's count is the page's own.
    header = [sql for sql in counts if '"read_at" IS NULL' in sql]
    assert len(header) == 1
    assert 'aria-label="3 unread"' in response.content.decode()


# --- API --------------------------------------------------------------------------------------------


def test_the_api_lists_my_own_and_filters_unread(api, everyone, inbox):
    mine, theirs = inbox
    client = api.as_(everyone["peer"])
    data = client.get("/api/v1/notifications/").json()
    assert {row["id"] for row in data["results"]} == {str(n.pk) for n in mine}
    client.post(f"/api/v1/notifications/{mine[0].pk}/read/")
    unread = client.get("/api/v1/notifications/?unread=true").json()
    assert {row["id"] for row in unread["results"]} == {str(n.pk) for n in mine[1:]}
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404


def test_the_api_marks_all_read_and_counts_unread(api, everyone, inbox):
    client = api.as_(everyone["peer"])
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 3}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    other = api.as_(everyone["peer2"])
    assert other.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
