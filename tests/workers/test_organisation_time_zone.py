"""The organisation's time zone, set by an org admin in the browser (issue 15, item 13: the
first step of a new organisation's set-up)."""

import pytest

from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _state(org):
    org.refresh_from_db()
    return (org.time_zone, org.time_zone_checked_at)


def test_an_org_admin_saves_the_time_zone_and_is_taken_back_to_my_day(client, org, admin):
    client.force_login(admin)
    page = client.get("/people/organisation/").content.decode()
    assert '<option value="Europe/London" selected>' in page
    response = client.post("/people/organisation/", {"time_zone": "America/St_Johns"})
    assert response.status_code == 302 and response["Location"] == "/"
    time_zone, checked_at = _state(org)
    assert time_zone == "America/St_Johns" and checked_at is not None
    event = AuditEvent.objects.get(target_id=org.pk, action="update")
    assert (event.actor, event.detail) == (admin, "time_zone")
    assert "Saved: Northfield runs on America/St_Johns time." in client.get("/").content.decode()


def test_saving_the_time_zone_unchanged_still_counts_as_checked(client, org, admin):
    client.force_login(admin)
    assert client.post("/people/organisation/", {"time_zone": "Europe/London"}).status_code == 302
    assert _state(org)[0] == "Europe/London" and _state(org)[1] is not None


def test_an_unknown_time_zone_is_refused_naming_the_field_and_nothing_changes(client, org, admin):
    client.force_login(admin)
    before = _state(org)
    response = client.post("/people/organisation/", {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 400 and "time_zone" in response.context["form"].errors
    assert _state(org) == before


@pytest.mark.parametrize("who", ["manager", "supervisor", "peer"])
def test_nobody_but_an_org_admin_changes_the_time_zone(client, everyone, org, who):
    client.force_login(everyone[who])
    before = _state(org)
    assert client.get("/people/organisation/").status_code == 403
    assert client.post("/people/organisation/", {"time_zone": "Asia/Tokyo"}).status_code == 403
    assert _state(org) == before
