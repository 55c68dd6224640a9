"""Which reads of check-in text are recorded, surface by surface (issue 14): the selectors that
return shared check-ins record the reads; this pins the events each page and endpoint leaves
(one per check-in shown, none for the author's own)."""

import pytest

from tests.reflections.test_read_audit import reads
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_in(everyone, org):
    """``peer``'s check-in shared with ``supervisor`` (and a private one nobody else reads)."""
    CheckInFactory(organisation=org, author=everyone["peer"], note="Private note")
    return CheckInFactory(organisation=org, author=everyone["peer"], note="Shared note", share_with_supervisor=True)


def _web(client, user):
    client.force_login(user)
    return client


def test_the_shared_check_ins_page_records_one_read_per_check_in_shown(client, everyone, check_in):
    assert _web(client, everyone["supervisor"]).get("/wellbeing/shared/").status_code == 200
    assert reads() == [("sam", "wellbeing.checkin", check_in.pk, "pat", "")]


def test_the_shared_check_ins_api_records_one_read_per_row(api, everyone, check_in):
    assert (
        api.as_(everyone["supervisor"]).get("/api/v1/wellbeing/check-ins/", {"shared_with_me": "true"}).status_code
        == 200
    )
    assert reads() == [("sam", "wellbeing.checkin", check_in.pk, "pat", "")]


def test_the_authors_own_check_ins_record_no_read(client, api, everyone, check_in):
    assert _web(client, everyone["peer"]).get("/wellbeing/").status_code == 200
    assert api.as_(everyone["peer"]).get("/api/v1/wellbeing/check-ins/").status_code == 200
    assert reads() == []
