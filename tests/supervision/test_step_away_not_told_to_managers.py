"""Issue 15, item 12: a worker's stepping away is told only to them and their supervisors
(``Capabilities.is_told_stepped_away``). Supervision "paused" said it to managers and org admins
on every page, CSV and API that shows an agreement's state; now, to anyone not told, the
agreement of a stepped-away supervisee reads by its dates alone, and the figures that would
tell it (late sessions "not counted (paused)") are not shown.

Pat (supervised by Sam, a peer agreement due 32 days ago) steps away; Morgan manages their team.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from apps.core.dates import org_today
from apps.dashboard.compliance import RULE
from apps.notifications.models import Notification
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement
from apps.wellbeing.services import worker_step_away

pytestmark = pytest.mark.django_db

# What would tell a reader someone stepped away.
TELLING = ("paused", "stepped away", "step away", "stepping away", "not counted", "excused", "away until")


@pytest.fixture
def away(everyone, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    peer = everyone["peer"]
    worker_step_away(actor=peer, until=org_today(peer.organisation) + timedelta(days=14), message="Need a rest")
    peer.refresh_from_db()
    assert peer.status == "stepped_away"
    return Agreement.objects.get(supervisee=peer, supervisor=everyone["supervisor"])


def told(text: str) -> list[str]:
    low = text.lower()
    return [word for word in TELLING if word in low]


def manager_pages(riverside, agreement):
    return [
        reverse("core:my-day"),
        reverse("dashboard:overview"),
        reverse("dashboard:team", args=[riverside.pk]),
        reverse("dashboard:team-print", args=[riverside.pk]),
        reverse("teams:team-detail", args=[riverside.pk]),
        reverse("workers:people"),
        reverse("supervision:agreement-list"),
        reverse("supervision:agreement-list") + "?state=overdue",
        reverse("supervision:agreement-detail", args=[agreement.pk]),
        reverse("notifications:notification-list"),
    ]


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_nothing_a_manager_or_org_admin_reads_says_someone_stepped_away(
    client, api, everyone, riverside, away, persona
):
    reader = everyone[persona]
    client.force_login(reader)
    for url in manager_pages(riverside, away):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        # The filter's own option "Paused" (for agreements not in force) is a word of the form, and
        # the on-time rule is the rule (it names nobody).
        page = page.replace('<option value="paused">Paused</option>', "").replace(escape(RULE), "")
        assert told(page) == [], url
    for url in (reverse("dashboard:overview-export"), reverse("dashboard:team-export", args=[riverside.pk])):
        response = client.get(url)
        assert response.status_code == 200
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        text = text.replace(RULE, "")
        assert told(text) == [], url
        assert list(csv.reader(io.StringIO(text)))  # a real CSV

    # The agreement reads by its dates: due 32 days ago, so overdue, as it would without the step-away.
    detail = client.get(reverse("supervision:agreement-detail", args=[away.pk])).content.decode()
    assert "Overdue" in detail
    link = reverse("supervision:agreement-detail", args=[away.pk])
    assert link not in client.get(reverse("supervision:agreement-list") + "?state=paused").content.decode()
    assert link in client.get(reverse("supervision:agreement-list") + "?state=overdue").content.decode()
    board = client.get(reverse("dashboard:team", args=[riverside.pk])).content.decode()
    assert "Peer supervision for Pat Peer" in board

    api_client = api.as_(reader)
    agreement = api_client.get(f"/api/v1/supervision/agreements/{away.pk}/").json()
    assert agreement["state"] == "overdue"
    paused = api_client.get("/api/v1/supervision/agreements/?state=paused").json()["results"]
    assert str(away.pk) not in {a["id"] for a in paused}
    dashboard = api_client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()
    supervision = dashboard["supervision"]
    assert supervision["state_counts"]["paused"] == 0
    assert [a["state"] for a in supervision["attention"] if a["agreement_id"] == str(away.pk)] == ["overdue"]
    assert "excused" not in supervision["total"] and all("excused" not in s for s in supervision["supervisors"])
    # Beyond the rule's text and the (zero) count's key, no word of it anywhere in the answer.
    rest = {**dashboard, "supervision": {k: v for k, v in supervision.items() if k not in ("rule", "state_counts")}}
    assert told(str(rest)) == []
    worker = api_client.get(f"/api/v1/workers/{everyone['peer'].pk}/").json()
    assert told(str(worker)) == []


def test_no_notification_or_email_tells_the_manager(client, everyone, away):
    reminders_scan()
    manager = everyone["manager"]
    for notification in Notification.objects.filter(recipient=manager):
        assert told(notification.message) == [], notification.message
    for message in mail.outbox:
        if manager.email in message.to:
            assert told(message.subject + message.body) == [], message.subject


def test_the_worker_and_their_supervisor_are_still_told(client, api, everyone, away):
    for persona in ("peer", "supervisor"):
        assert api.as_(everyone[persona]).get(f"/api/v1/supervision/agreements/{away.pk}/").json()["state"] == "paused"
        client.force_login(everyone[persona])
        page = client.get(reverse("supervision:agreement-detail", args=[away.pk])).content.decode()
        assert "Paused" in page


def test_a_manager_who_supervises_the_worker_is_told_as_their_supervisor(client, api, everyone, riverside, away):
    Agreement.objects.filter(pk=away.pk).update(supervisor=everyone["manager"])
    assert api.as_(everyone["manager"]).get(f"/api/v1/supervision/agreements/{away.pk}/").json()["state"] == "paused"


def test_supervision_counts_in_the_managers_on_time_figures_as_anyone_overdue(client, api, everyone, riverside, away):
    """Shown overdue to the manager, the agreement counts as any overdue one does: leaving it out
    of the figures while showing it overdue would tell the step-away (issue 15)."""
    supervision = api.as_(everyone["manager"]).get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()["supervision"]
    sam = next(s for s in supervision["supervisors"] if s["supervisor"]["name"] == "Sam Supervisor")
    assert sam["outstanding"] == 1 and supervision["total"]["outstanding"] == 1
