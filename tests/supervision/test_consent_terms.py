"""An acceptance applies only to the terms the person read (issue 13, found by the red team):
the proposer may change how often or the dates of a proposal between the supervisee opening it
and pressing Accept; the page and the API carry the fingerprint of what was read, and a
changed proposal is not accepted."""

import pytest

from apps.supervision.models import Agreement
from tests.supervision.test_consent_lifecycle import URL, proposal, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_terms_fingerprint_follows_kind_frequency_and_dates(proposal):  # noqa: F811
    before = proposal.terms
    for field, value in [("frequency_days", 14), ("ends_on", proposal.starts_on), ("kind", "peer")]:
        changed = Agreement.objects.get(pk=proposal.pk)
        setattr(changed, field, value)
        assert changed.terms != before, field
    assert Agreement.objects.get(pk=proposal.pk).terms == before


def test_an_api_acceptance_of_terms_changed_since_reading_accepts_nothing(api, everyone, proposal):  # noqa: F811
    robin, manager = everyone["peer2"], everyone["manager"]
    read = api.as_(robin).get(f"{URL}{proposal.pk}/").json()["terms"]
    changed = api.as_(manager).patch(f"{URL}{proposal.pk}/", {"frequency_days": 7}, format="json")
    assert changed.status_code == 200
    before = snapshot(proposal)

    response = api.as_(robin).post(f"{URL}{proposal.pk}/accept/", {"terms": read}, format="json")

    assert response.status_code == 400
    assert "terms" in response.json()
    assert snapshot(proposal) == before
    assert proposal.supervisee_accepted_at is None


def test_an_api_acceptance_of_the_terms_read_is_taken(api, everyone, proposal):  # noqa: F811
    robin = everyone["peer2"]
    read = api.as_(robin).get(f"{URL}{proposal.pk}/").json()["terms"]
    response = api.as_(robin).post(f"{URL}{proposal.pk}/accept/", {"terms": read}, format="json")
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.supervisee_accepted_at is not None


@pytest.mark.parametrize("bad", [{"a": 1}, ["x"], "x" * 65])
def test_malformed_terms_are_a_400_naming_terms_and_accept_nothing(api, everyone, proposal, bad):  # noqa: F811
    before = snapshot(proposal)
    response = api.as_(everyone["peer2"]).post(f"{URL}{proposal.pk}/accept/", {"terms": bad}, format="json")
    assert response.status_code == 400
    assert "terms" in response.json()
    assert snapshot(proposal) == before


def test_someone_who_may_not_accept_is_refused_before_the_body_is_judged(api, everyone, proposal):  # noqa: F811
    before = snapshot(proposal)
    response = api.as_(everyone["manager"]).post(f"{URL}{proposal.pk}/accept/", {"terms": ["x"]}, format="json")
    assert response.status_code == 403
    assert snapshot(proposal) == before


def test_the_accept_button_carries_the_terms_and_a_changed_proposal_is_not_accepted(
    client,
    api,
    everyone,
    proposal,  # noqa: F811
):
    robin = everyone["peer2"]
    client.force_login(robin)
    page = client.get(f"/supervision/agreements/{proposal.pk}/").content.decode()
    assert f'name="terms" value="{proposal.terms}"' in page
    read = proposal.terms
    api.as_(everyone["manager"]).patch(f"{URL}{proposal.pk}/", {"frequency_days": 7}, format="json")

    response = client.post(f"/supervision/agreements/{proposal.pk}/accept/", {"terms": read}, follow=True)

    assert "This proposal changed after you opened it" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.supervisee_accepted_at is None

    response = client.post(f"/supervision/agreements/{proposal.pk}/accept/", {"terms": proposal.terms}, follow=True)
    proposal.refresh_from_db()
    assert proposal.supervisee_accepted_at is not None
