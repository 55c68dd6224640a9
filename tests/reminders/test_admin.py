"""The org admin's reminders page and API; ``/readyz`` shows the last successful scan."""

import pytest
from django.urls import reverse

from apps.core.models import SchedulerHeartbeat
from apps.reminders.services import reminders_scan

pytestmark = pytest.mark.django_db


def test_readyz_shows_the_last_successful_scan(client, everyone):
    assert client.get("/readyz").json()["last_reminder_scan_at"] is None
    reminders_scan()
    body = client.get("/readyz").json()
    heartbeat = SchedulerHeartbeat.objects.get(name="reminders.scan")
    assert body["last_reminder_scan_at"] == heartbeat.last_run_at.isoformat()
    assert body["last_runs"]["reminders.scan"] == body["last_reminder_scan_at"]


def test_the_admin_page_shows_schedule_last_scan_and_counts_to_org_admins_only(client, everyone):
    reminders_scan()
    client.force_login(everyone["admin"])
    response = client.get(reverse("reminders:admin"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Last successful scan" in body and "every 300 seconds" in body
    assert "3 days before the due date" in body and "7 days after the due date" in body
    assert "Every reminder found so far has been delivered." in body
    assert "Supervision overdue</th>" not in body  # no count by kind, nor of reminders sent
    assert "Pat Peer" not in body  # counts only, no names or messages

    for name in ("manager", "supervisor", "peer"):
        client.force_login(everyone[name])
        assert client.get(reverse("reminders:admin")).status_code == 403
        assert client.post(reverse("reminders:scan-now")).status_code == 403


def test_the_nav_link_is_shown_to_org_admins_only(client, everyone):
    client.force_login(everyone["admin"])
    assert 'href="/reminders/"' in client.get(reverse("notifications:notification-list")).content.decode()
    client.force_login(everyone["manager"])
    assert 'href="/reminders/"' not in client.get(reverse("notifications:notification-list")).content.decode()


def test_an_admin_can_queue_a_scan_now(client, everyone):
    client.force_login(everyone["admin"])
    response = client.post(reverse("reminders:scan-now"), follow=True)
    assert "A reminder scan has been queued" in response.content.decode()


def test_a_stale_scan_is_flagged(client, everyone, settings):
    SchedulerHeartbeat.beat("reminders.scan")
    settings.REMINDER_SCAN_INTERVAL = 300
    SchedulerHeartbeat.objects.update(last_run_at="2020-01-01T00:00:00Z")
    client.force_login(everyone["admin"])
    assert (
        "No scan has completed in the last three intervals" in client.get(reverse("reminders:admin")).content.decode()
    )


def test_the_status_api_is_for_org_admins(api, everyone):
    reminders_scan()
    data = api.as_(everyone["admin"]).get("/api/v1/reminders/status/").json()
    assert data["schedule"]["scan_interval_seconds"] == 300 and data["scans"] == 1 and data["stale"] is False
    assert (data["waiting"], data["oldest_waiting_at"], data["delivery_stuck"]) == (0, None, False)
    assert "last_30_days" not in data  # no counts of reminders sent (issue 15: they could tell a step-away)
    assert api.as_(everyone["manager"]).get("/api/v1/reminders/status/").status_code == 403
    assert api.as_(everyone["outsider"]).get("/api/v1/reminders/status/").json()["waiting"] == 0


def test_a_delivery_backlog_is_shown_and_flagged_when_stuck(client, everyone, settings):
    from datetime import timedelta

    from django.utils import timezone

    from apps.reminders.models import Reminder

    reminders_scan()
    waiting = Reminder.objects.filter(kind="supervision_overdue")
    waiting.update(notified_at=None, created_at=timezone.now() - timedelta(hours=1))
    client.force_login(everyone["admin"])
    body = client.get(reverse("reminders:admin")).content.decode()
    assert "2 reminders waiting to be delivered" in body
    assert "Reminders have been waiting longer than two scans" in body
