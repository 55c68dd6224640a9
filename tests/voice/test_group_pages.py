"""Issue 19, items 3 and 4 through the API and the pages: open, answer, read; who sees what;
the readiness periods on the team dashboard beside role overlaps and drift."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.voice.group_models import GroupPulse, GroupPulseInvitee, SealedGroupAnswer
from tests.voice.groups import CLINICAL, answer_all, close_and_mix, crowd, open_pooled, open_readiness, team

pytestmark = pytest.mark.django_db

API = "/api/v1/voice/group-pulses/"


@pytest.fixture
def pool(org, admin):
    alder, birch = team(org, "Alder"), team(org, "Birch")
    peers = crowd("pe", 5, alder)
    clinicians = crowd("cl", 5, birch, kind=CLINICAL)
    return alder, birch, peers, clinicians


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_opens_a_pooled_pulse_through_the_api_and_those_asked_answer(api, admin, pool):
    alder, birch, peers, clinicians = pool
    closes = str(org_today(admin.organisation) + timedelta(days=7))
    body = {"kind": "pooled", "teams": [str(alder.pk), str(birch.pk)], "audience": "everyone", "closes_on": closes}
    response = api.as_(admin).post(API, body, format="json")
    assert response.status_code == 201, response.content
    pulse = GroupPulse.objects.get(pk=response.json()["id"])
    assert GroupPulseInvitee.objects.filter(pulse=pulse).count() == 10
    assert response.json()["breakdowns"] is None and response.json()["can_answer"] is False

    mine = api.as_(peers[0]).get(f"{API}{pulse.pk}/").json()
    assert mine["can_answer"] is True and mine["cannot_answer_because"] is None
    answered = api.as_(peers[0]).post(f"{API}{pulse.pk}/answer/", {"answers": [4, 4, 4, 4, 4]}, format="json")
    assert answered.status_code == 201
    assert GroupPulseInvitee.objects.get(pulse=pulse, worker=peers[0]).answered
    assert SealedGroupAnswer.objects.filter(pulse=pulse).count() == 1
    again = api.as_(peers[0]).post(f"{API}{pulse.pk}/answer/", {"answers": [1, 1, 1, 1, 1]}, format="json")
    assert again.status_code == 400 and "pulse" in again.json()
    assert SealedGroupAnswer.objects.filter(pulse=pulse).count() == 1

    answer_all(pulse, [*peers[1:], *clinicians])
    close_and_mix(pulse)
    read = api.as_(admin).get(f"{API}{pulse.pk}/").json()
    keys = {b["key"]: b for b in read["breakdowns"]}
    assert keys["all"]["responses"] == 10 and keys["kind:peer"]["released"] and keys["kind:clinical"]["released"]
    assert AuditEvent.objects.filter(actor=admin, action="read", target_id=pulse.pk).exists()
    # Closing the loop (issue 19, item 5): those asked read the same released breakdowns, audited;
    # before the mix they read none (above), and someone not asked reaches nothing.
    assert api.as_(peers[0]).get(f"{API}{pulse.pk}/").json()["breakdowns"] == read["breakdowns"]
    assert AuditEvent.objects.filter(actor=peers[0], action="read", target_id=pulse.pk).exists()
    page = signed_in(peers[0]).get(f"/voice/groups/{pulse.pk}/")
    assert page.status_code == 200 and b'id="results-heading"' in page.content


def test_the_api_refuses_bad_choices_naming_the_field(api, admin, pool, everyone):
    alder, birch, *_ = pool
    closes = str(org_today(admin.organisation) + timedelta(days=7))
    for body, field in (
        ({"kind": "pooled", "closes_on": closes}, "teams"),
        ({"kind": "readiness", "teams": [str(alder.pk)], "closes_on": closes}, "teams"),  # no clinicians in Alder
        ({"kind": "readiness", "teams": [str(alder.pk), str(birch.pk)], "closes_on": closes}, "teams"),
        ({"kind": "pooled", "teams": [str(alder.pk)], "closes_on": "2001-01-01"}, "closes_on"),
        ({"kind": "pooled", "teams": [str(alder.pk)], "audience": "clinical", "closes_on": closes}, "audience"),
    ):
        response = api.as_(admin).post(API, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    assert not GroupPulse.objects.exists()
    refused = api.as_(everyone["manager"]).post(
        API, {"kind": "pooled", "teams": [str(everyone["manager"].memberships.get().team_id)], "closes_on": closes}
    )
    assert refused.status_code == 403
    assert not GroupPulse.objects.exists()


def test_a_manager_opens_readiness_in_the_browser_and_reads_it_on_the_dashboard(everyone, riverside):
    manager = everyone["manager"]
    clinicians = [everyone["clinician"], *crowd("cl", 4, riverside, kind=CLINICAL)]
    client = signed_in(manager)
    page = client.get(reverse("voice:group-pulses"))
    assert page.status_code == 200 and b"Open a team readiness pulse" in page.content
    assert b"Open a pooled peer-voice pulse" not in page.content
    closes = org_today(riverside.organisation) + timedelta(days=7)
    response = client.post(
        reverse("voice:group-pulses"),
        {"action": "readiness", "readiness-team": str(riverside.pk), "readiness-closes_on": closes.isoformat()},
    )
    pulse = GroupPulse.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("voice:group-pulse", args=[pulse.pk])
    assert pulse.kind == "readiness" and list(pulse.teams.all()) == [riverside]

    answering = signed_in(clinicians[0])
    form = answering.get(reverse("voice:group-pulse", args=[pulse.pk]))
    assert b"Send my answers" in form.content
    posted = answering.post(
        reverse("voice:group-pulse", args=[pulse.pk]),
        {"action": "answer", **{f"pulse-q{i}": "4" for i in range(1, 6)}},
    )
    assert posted.status_code == 302
    assert GroupPulseInvitee.objects.get(pulse=pulse, worker=clinicians[0]).answered
    answer_all(pulse, clinicians[1:], (4, 4, 4, 4, 4))
    close_and_mix(pulse)

    dashboard = client.get(reverse("dashboard:team", args=[riverside.pk]))
    assert b"How the team receives the peer role" in dashboard.content
    assert b"<strong>4.0</strong>" in dashboard.content
    # the peer worker is not asked, and does not see the results page either
    peer_page = signed_in(everyone["peer"]).get(reverse("voice:group-pulse", args=[pulse.pk]))
    assert peer_page.status_code == 404


def test_an_invalid_answer_is_a_400_that_records_nothing(everyone, riverside):
    crowd("cl", 4, riverside, kind=CLINICAL)
    pulse = open_readiness(everyone["manager"], riverside)
    client = signed_in(everyone["clinician"])
    response = client.post(reverse("voice:group-pulse", args=[pulse.pk]), {"action": "answer", "pulse-q1": "9"})
    assert response.status_code == 400
    assert not GroupPulseInvitee.objects.filter(answered=True).exists()
    assert not SealedGroupAnswer.objects.exists()


def test_other_organisations_and_unasked_people_get_404(everyone, pool, admin):
    alder, birch, peers, clinicians = pool
    pulse = open_pooled(admin, [alder, birch])
    for someone in (everyone["outsider"], everyone["manager"], clinicians[0]):
        assert signed_in(someone).get(reverse("voice:group-pulse", args=[pulse.pk])).status_code == 404
    assert signed_in(admin).get(reverse("voice:group-pulse", args=[pulse.pk])).status_code == 200


def test_the_list_page_and_api_cost_the_same_for_one_pulse_and_for_four(admin, pool):
    alder, birch, peers, _ = pool
    client = signed_in(admin)
    open_pooled(admin, [alder])
    client.get(reverse("voice:group-pulses"))  # warm the session

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    page_1, api_1 = count(reverse("voice:group-pulses")), count(API)
    for _ in range(3):
        open_pooled(admin, [alder, birch])
    assert count(reverse("voice:group-pulses")) == page_1
    assert count(API) == api_1
    # API: session, user; count and page of pulses (annotated with my standing); their teams;
    # their results. The page: + caps' memberships, the open forms' team lists, messages.
    assert (page_1, api_1) == (PAGE_QUERIES, API_QUERIES)


PAGE_QUERIES = 11
API_QUERIES = 6
