"""Issue 15: a manager (or org admin) cannot tell that a worker stepped away — marker worlds.

The same organisation twice: once as it is (Pat's peer agreement with Sam fell due 32 days
ago, nobody has held a session), once with Pat stepped away. In both, the reminder scan runs and
then everything the manager and the org admin can read is collected: their pages, the CSV
exports, the API answers, their notifications and e-mails, and (for the admin) the reminders
page and status. The two collections must be identical, apart from ids and instants that differ
between any two runs.

What told it before: the managers' escalation was not sent while the supervisee was away (an
overdue agreement never escalated); the reminders page counted reminders sent and "skipped" per
kind (any count of sent reminders differs by what the pause held back, so none is shown, only
the delivery backlog); and the dashboard's on-time figures left the paused agreement out while
showing it overdue. Broken on purpose (the escalation rule without ``despite_step_away``), this
test lists every manager page (the unread count in the header) and the notifications API.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from apps.core.dates import org_today
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement
from apps.wellbeing.services import worker_step_away

pytestmark = pytest.mark.django_db

_VARYING = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<id>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"), "<instant>"),
    (re.compile(r'(name="(csrfmiddlewaretoken|idempotency_token|form_token)" value=)"[^"]*"'), r'\1"<token>"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce="<nonce>"'),
    (re.compile(r'(csrf[-_]?token["\']?\s*[:=]\s*["\'])[^"\']+'), r"\1<token>"),
    (re.compile(r"\d+\xa0(minute|second)s?"), "<since>"),
    # A moment in prose ("2 Dec 2026, 23:29"): the two worlds may straddle a minute.
    (re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\b"), "<moment>"),
]


def normalised(text: str) -> str:
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return normalised(content.decode())


def what_they_read(client, api, everyone, riverside, agreement) -> dict[str, str]:
    cache.clear()
    mail.outbox = []
    reminders_scan()
    read: dict[str, str] = {}
    team, peer = riverside.pk, everyone["peer"].pk
    pages = [
        reverse("core:my-day"),
        reverse("dashboard:overview"),
        reverse("dashboard:overview-export"),
        reverse("dashboard:team", args=[team]),
        reverse("dashboard:team-print", args=[team]),
        reverse("dashboard:team-export", args=[team]),
        reverse("teams:team-detail", args=[team]),
        reverse("workers:people"),
        reverse("supervision:agreement-list"),
        reverse("supervision:agreement-list") + "?state=overdue",
        reverse("supervision:agreement-list") + "?state=paused",
        reverse("supervision:agreement-detail", args=[agreement.pk]),
        reverse("notifications:notification-list"),
    ]
    answers = [
        f"/api/v1/supervision/agreements/{agreement.pk}/",
        "/api/v1/supervision/agreements/",
        "/api/v1/supervision/agreements/?state=overdue",
        "/api/v1/supervision/agreements/?state=paused",
        f"/api/v1/teams/{team}/dashboard/",
        f"/api/v1/workers/{peer}/",
        "/api/v1/notifications/",
    ]
    for persona in ("manager", "admin"):
        reader = everyone[persona]
        client.force_login(reader)
        extra = [reverse("reminders:admin")] if persona == "admin" else []
        for url in pages + extra:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (persona, url)
            read[f"{persona} page {url}"] = body(response)
        api_client = api.as_(reader)
        for url in answers + (["/api/v1/reminders/status/"] if persona == "admin" else []):
            response = api_client.get(url)
            assert response.status_code == 200, (persona, url)
            read[f"{persona} api {url}"] = body(response)
        read[f"{persona} e-mails"] = normalised(
            "\n".join(m.subject + "\n" + m.body for m in mail.outbox if reader.email in m.to)
        )
    return read


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


def test_the_manager_and_org_admin_read_the_same_in_a_paused_and_an_unpaused_world(
    client, api, everyone, riverside, agreement, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    peer = everyone["peer"]
    with transaction.atomic():
        unpaused = what_they_read(client, api, everyone, riverside, agreement)
        transaction.set_rollback(True)

    worker_step_away(actor=peer, until=org_today(peer.organisation) + 14 * _DAY, message="Need a rest")
    peer.refresh_from_db()
    assert peer.status == "stepped_away"
    paused = what_they_read(client, api, everyone, riverside, agreement)

    assert paused.keys() == unpaused.keys()
    differing = [key for key in paused if paused[key] != unpaused[key]]
    assert differing == [], _first_difference(paused, unpaused, differing)

    # The worlds are not trivially alike: the escalation reached the manager in both.
    assert (
        "has had no session since it was due" in unpaused[f"manager page {reverse('notifications:notification-list')}"]
    )


def test_the_worker_and_their_supervisor_still_see_the_pause(client, api, everyone, agreement):
    peer = everyone["peer"]
    worker_step_away(actor=peer, until=org_today(peer.organisation) + 14 * _DAY, message="")
    reminders_scan()
    for persona in ("peer", "supervisor"):
        assert api.as_(everyone[persona]).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()["state"] == (
            "paused"
        )
    # Neither of them is reminded while Pat is away; the manager's escalation went.
    from apps.notifications.models import Notification

    kinds = set(
        Notification.objects.filter(recipient__in=[peer, everyone["supervisor"]]).values_list("kind", flat=True)
    )
    assert not {k for k in kinds if k.startswith("supervision_") and k != "supervision_planned"}
    assert Notification.objects.filter(recipient=everyone["manager"], kind="supervision_escalated").exists()


def _first_difference(a: dict[str, str], b: dict[str, str], keys: list[str]) -> str:
    lines = []
    for key in keys:
        x, y = a[key], b[key]
        at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        lines.append(
            f"{key}: paused …{x[max(0, at - 150) : at + 150]!r}… vs unpaused …{y[max(0, at - 150) : at + 150]!r}…"
        )
    return "\n".join(lines)


_DAY = __import__("datetime").timedelta(days=1)
