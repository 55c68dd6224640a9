"""One overload rule (issue 14): the API flag, the agreement page, the agreements list and the
warning after a proposal all ask ``apps.supervision.policies`` and so agree exactly at the
limit (``MAX_SUPERVISEES`` people: not overloaded) and one above it (overloaded)."""

import pytest
from django.test import override_settings

from apps.supervision.models import Agreement
from apps.supervision.policies import is_overloaded, supervisor_overloaded
from apps.supervision.selectors import get_agreement_for

pytestmark = pytest.mark.django_db

DETAIL_TAG = "overloaded: 1 supervisees"
LIST_TAG = "overloaded (1)"


@pytest.fixture
def agreement(everyone):
    # Sam supervises one person (Pat): a load of 1.
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


def test_the_rule_is_more_than_max_supervisees():
    with override_settings(MAX_SUPERVISEES=3):
        assert [is_overloaded(n) for n in (None, 0, 3, 4)] == [False, False, False, True]


@pytest.mark.parametrize(("max_supervisees", "overloaded"), [(1, False), (0, True)], ids=["at-max", "max-plus-one"])
def test_api_page_and_list_give_the_same_answer_at_max_and_one_above(
    api, client, everyone, agreement, max_supervisees, overloaded
):
    manager = everyone["manager"]
    client.force_login(manager)
    with override_settings(MAX_SUPERVISEES=max_supervisees):
        policy = supervisor_overloaded(manager, get_agreement_for(manager, agreement.pk))
        from_api = api.as_(manager).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()
        detail = client.get(f"/supervision/agreements/{agreement.pk}/").content.decode()
        listing = client.get("/supervision/agreements/").content.decode()
    assert policy is overloaded
    assert from_api["supervisor_overloaded"] is overloaded
    assert (DETAIL_TAG in detail) is overloaded
    assert (LIST_TAG in listing) is overloaded


@pytest.mark.parametrize(("max_supervisees", "warned"), [(2, False), (1, True)], ids=["at-max", "max-plus-one"])
def test_the_warning_after_a_proposal_follows_the_same_rule(client, everyone, agreement, max_supervisees, warned):
    # Proposing Robin to Sam would make Sam's load 2 once accepted.
    client.force_login(everyone["manager"])
    form = {
        "supervisee": str(everyone["peer2"].pk),
        "supervisor": str(everyone["supervisor"].pk),
        "kind": "peer",
        "frequency_days": "21",
    }
    with override_settings(MAX_SUPERVISEES=max_supervisees):
        page = client.post("/supervision/agreements/", form, follow=True).content.decode()
    assert Agreement.objects.filter(supervisee=everyone["peer2"], supervisor=everyone["supervisor"]).exists()
    assert ("will supervise 2 people" in page) is warned


def test_the_supervisee_is_never_shown_the_flag_and_the_supervisor_is(everyone, agreement):
    with override_settings(MAX_SUPERVISEES=0):
        assert supervisor_overloaded(everyone["peer"], get_agreement_for(everyone["peer"], agreement.pk)) is None
        sam = everyone["supervisor"]
        assert supervisor_overloaded(sam, get_agreement_for(sam, agreement.pk)) is True
