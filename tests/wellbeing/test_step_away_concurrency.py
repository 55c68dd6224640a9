"""Stepping away, requested several times at once (issue 13, case 8): one open period, and each
supervisor told once — not once per request. Real threads, each with its own connection."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from apps.wellbeing.models import StepAway
from tests.factories import AgreementFactory

URL = "/api/v1/workers/me/step-away/"
N = 8


def at_once(n, request):
    """Run ``request(i)`` in ``n`` threads released together; returns the responses."""
    barrier = threading.Barrier(n)
    responses, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=10)
            responses[i] = request(i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


@pytest.fixture
def two_supervisors(everyone):
    """Pat has a peer supervisor (Sam) and a clinical one (Casey)."""
    peer = everyone["peer"]
    AgreementFactory(
        supervisee=peer,
        supervisor=everyone["clinician"],
        kind=Agreement.Kind.CLINICAL,
        starts_on=org_today(peer.organisation) - timedelta(days=30),
    )
    return [everyone["supervisor"], everyone["clinician"]]


@pytest.mark.django_db(transaction=True)
def test_n_step_aways_at_once_open_one_period_and_tell_each_supervisor_once(everyone, two_supervisors):
    peer = everyone["peer"]
    until = org_today(peer.organisation) + timedelta(days=14)
    clients = []
    for _ in range(N):
        client = APIClient()
        client.force_login(peer)
        clients.append(client)

    responses = at_once(N, lambda i: clients[i].post(URL, {"until": until.isoformat()}, format="json"))

    assert [r.status_code for r in responses] == [200] * N
    assert StepAway.objects.filter(author=peer, returned_on__isnull=True).count() == 1
    peer.refresh_from_db()
    assert (peer.status, peer.stepped_away_until) == (User.Status.STEPPED_AWAY, until)
    told = Notification.objects.filter(kind="worker_stepped_away")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(s.username for s in two_supervisors)


@pytest.mark.django_db
def test_a_changed_return_date_is_told_once_more_and_the_same_date_not_at_all(api, everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    client = api.as_(peer)
    for days in (7, 7, 21, 21):
        assert client.post(URL, {"until": (today + timedelta(days=days)).isoformat()}, format="json").status_code == 200
    messages = [n.message for n in Notification.objects.filter(kind="worker_stepped_away").order_by("created_at")]
    assert len(messages) == 2
    assert messages[0].startswith("Pat Peer has stepped away until")
    assert messages[1].startswith("Pat Peer now plans to return on")
    assert StepAway.objects.filter(author=peer).count() == 1


@pytest.mark.django_db
def test_the_database_holds_one_open_step_away_per_worker(everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    fields = {"organisation": peer.organisation, "author": peer, "started_on": today}
    StepAway.objects.create(planned_return_on=today + timedelta(days=3), **fields)
    with pytest.raises(IntegrityError, match="step_away_one_open"), transaction.atomic():
        StepAway.objects.create(planned_return_on=today + timedelta(days=5), **fields)
    # A closed period does not count.
    StepAway.objects.filter(author=peer).update(returned_on=today)
    StepAway.objects.create(planned_return_on=today + timedelta(days=5), **fields)
    assert StepAway.objects.filter(author=peer, returned_on__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_n_returns_at_once_close_the_period_once_and_tell_each_supervisor_once(everyone, two_supervisors):
    peer = everyone["peer"]
    until = org_today(peer.organisation) + timedelta(days=14)
    clients = []
    for _ in range(N):
        client = APIClient()
        client.force_login(peer)
        clients.append(client)
    assert clients[0].post(URL, {"until": until.isoformat()}, format="json").status_code == 200

    responses = at_once(N, lambda i: clients[i].post("/api/v1/workers/me/return/"))

    assert sorted(r.status_code for r in responses) == [200] + [400] * (N - 1)
    assert StepAway.objects.filter(author=peer, returned_on__isnull=True).count() == 0
    peer.refresh_from_db()
    assert peer.status == User.Status.ACTIVE
    assert Notification.objects.filter(kind="worker_returned").count() == len(two_supervisors)
