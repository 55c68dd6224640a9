"""Consent covers the dates (issue 13, case 1: "backdate", "wait").

The supervisee agreed to supervision from a start to an end. Nobody else may then make the
agreement in force on more days: a manager who could clear or move an end date would revive an
agreement that had run out, or make one last for ever, and the supervisor would read again
without the supervisee's say; one who could bring a future start forward would open access
before the day agreed. Shortening an agreement, or correcting a start that has already passed,
grants nothing and stays allowed. On the code before this change every refused PATCH below was
a 200 and the supervisor read again.
"""

from datetime import timedelta

import pytest

from apps.core.capabilities import caps, forget_caps
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/agreements/"


def snapshot(agreement):
    agreement.refresh_from_db()
    return (agreement.status, agreement.starts_on, agreement.ends_on, agreement.next_due_on, agreement.updated_at)


def supervises(user, worker) -> bool:
    forget_caps(user)
    return worker.pk in caps(user).supervisee_ids


def sams_agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


@pytest.mark.parametrize("new_end", [None, 30], ids=["cleared", "moved-later"])
def test_a_manager_cannot_revive_an_agreement_that_ran_out(api, everyone, org, new_end):
    pat, sam = everyone["peer"], everyone["supervisor"]
    today = org_today(org)
    BoundaryNoteFactory(author=pat, situation="QXrevivednote")
    agreement = sams_agreement(everyone)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=today - timedelta(days=1))
    assert not supervises(sam, pat)
    before = snapshot(agreement)

    body = {"ends_on": None if new_end is None else str(today + timedelta(days=new_end))}
    response = api.as_(everyone["manager"]).patch(f"{URL}{agreement.pk}/", body, format="json")

    assert response.status_code == 400, response.content
    assert "ends_on" in response.json()
    assert snapshot(agreement) == before
    assert not supervises(sam, pat)
    assert "QXrevivednote" not in api.as_(sam).get("/api/v1/boundary-notes/").content.decode()


def test_a_supervising_manager_cannot_extend_their_own_agreement(api, everyone, org):
    manager, pat = everyone["manager"], everyone["peer"]
    today = org_today(org)
    agreement = AgreementFactory(
        supervisee=pat,
        supervisor=manager,
        kind="line",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=2),
    )
    before = snapshot(agreement)
    response = api.as_(manager).patch(f"{URL}{agreement.pk}/", {"ends_on": None}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json(), response.content
    assert snapshot(agreement) == before


def test_an_org_admin_cannot_bring_an_agreed_future_start_forward(api, everyone, org):
    pat, casey = everyone["peer"], everyone["clinician"]
    today = org_today(org)
    agreement = AgreementFactory(
        supervisee=pat, supervisor=casey, kind="clinical", starts_on=today + timedelta(days=60)
    )
    before = snapshot(agreement)
    response = api.as_(everyone["admin"]).patch(f"{URL}{agreement.pk}/", {"starts_on": str(today)}, format="json")
    assert response.status_code == 400 and "starts_on" in response.json(), response.content
    assert snapshot(agreement) == before
    assert not supervises(casey, pat)


def test_the_agreement_page_refuses_the_same(client, everyone, org):
    agreement = sams_agreement(everyone)
    today = org_today(org)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=today - timedelta(days=1))
    before = snapshot(agreement)
    client.force_login(everyone["manager"])
    response = client.post(
        f"/supervision/agreements/{agreement.pk}/",
        {"frequency_days": "28", "starts_on": agreement.starts_on.isoformat(), "ends_on": ""},
    )
    assert response.status_code == 400
    assert "agreed to supervision until" in response.content.decode()
    assert snapshot(agreement) == before


def test_shortening_scheduling_an_end_and_correcting_a_past_start_stay_allowed(api, everyone, org):
    agreement = sams_agreement(everyone)
    today = org_today(org)
    manager = api.as_(everyone["manager"])
    response = manager.patch(f"{URL}{agreement.pk}/", {"ends_on": str(today + timedelta(days=20))}, format="json")
    assert response.status_code == 200, response.content
    response = manager.patch(f"{URL}{agreement.pk}/", {"ends_on": str(today + timedelta(days=5))}, format="json")
    assert response.status_code == 200, response.content
    response = manager.patch(
        f"{URL}{agreement.pk}/", {"starts_on": str(agreement.starts_on - timedelta(days=7))}, format="json"
    )
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.ends_on == today + timedelta(days=5)
    assert agreement.starts_on == today - timedelta(days=67)


def test_before_the_supervisee_agrees_the_dates_are_the_proposers_to_change(api, everyone, org):
    # Nothing was agreed yet: the supervisee will see (and accept or decline) the dates as they stand.
    today = org_today(org)
    agreement = AgreementFactory(
        supervisee=everyone["peer2"],
        supervisor=everyone["supervisor"],
        status="proposed",
        starts_on=today + timedelta(days=9),
        ends_on=today + timedelta(days=30),
    )
    response = api.as_(everyone["manager"]).patch(
        f"{URL}{agreement.pk}/", {"starts_on": str(today), "ends_on": None}, format="json"
    )
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.starts_on == today and agreement.ends_on is None
