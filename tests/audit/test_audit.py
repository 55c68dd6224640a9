from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import audit_read, audit_record, audit_retention_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_event(everyone):
    """The supervisor read one of Pat's records (a team stands in for any target here)."""
    return audit_read(actor=everyone["supervisor"], target=everyone["peer"], subject=everyone["peer"])


def test_org_admin_browses_the_organisations_trail(api, everyone, read_event):
    body = api.as_(everyone["admin"]).get("/api/v1/audit-events/", {"action": "read"}).json()
    assert [e["id"] for e in body["results"]] == [str(read_event.pk)]
    assert body["results"][0]["actor_display_name"] == "Sam Supervisor"


def test_worker_sees_who_read_their_entries_and_nothing_else(api, everyone, read_event):
    audit_record(actor=everyone["manager"], action="update", target=everyone["peer"], subject=everyone["peer"])
    body = api.as_(everyone["peer"]).get("/api/v1/audit-events/").json()
    assert [e["action"] for e in body["results"]] == ["read"]
    assert api.as_(everyone["peer2"]).get("/api/v1/audit-events/").json()["count"] == 0


def test_another_organisation_sees_none_of_it(api, everyone, read_event):
    assert api.as_(everyone["outsider"]).get("/api/v1/audit-events/").json()["count"] == 0
    assert api.as_(everyone["outsider"]).get(f"/api/v1/audit-events/{read_event.pk}/").status_code == 404


def test_the_api_offers_no_way_to_change_or_delete_events(api, everyone, read_event):
    client = api.as_(everyone["admin"])
    assert client.patch(f"/api/v1/audit-events/{read_event.pk}/", {"detail": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/audit-events/{read_event.pk}/").status_code == 405
    assert client.post("/api/v1/audit-events/", {}, format="json").status_code == 405


def test_the_database_refuses_updates_and_deletes(read_event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'tampered' WHERE id = %s", [read_event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [read_event.pk])
    with pytest.raises(TypeError):
        read_event.delete()
    assert AuditEvent.objects.filter(pk=read_event.pk, detail="").exists()


def test_retention_deletes_only_events_past_the_retention_period(read_event, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert audit_retention_run() == 0
    assert audit_retention_run(now=timezone.now() + timedelta(days=31)) == 1
    assert not AuditEvent.objects.filter(pk=read_event.pk).exists()


def test_pages_org_admin_trail_and_my_readers(client, everyone, read_event):
    client.force_login(everyone["admin"])
    assert b"Sam Supervisor" in client.get("/audit/").content
    client.force_login(everyone["peer"])
    assert client.get("/audit/").status_code == 403
    html = client.get("/audit/who-read-my-entries/").content.decode()
    assert "Sam Supervisor" in html


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_out_of_range_dates_in_filters_are_a_400_naming_the_parameter(api, everyone, value):
    response = api.as_(everyone["admin"]).get("/api/v1/audit-events/", {"at_after": value})
    assert response.status_code == 400 and "at_after" in response.json()


def test_the_audit_trail_range_is_at_after_and_at_before_both_inclusive(api, everyone, read_event):
    url, client = "/api/v1/audit-events/", api.as_(everyone["admin"])
    at = read_event.at.isoformat()
    ids = {e["id"] for e in client.get(url, {"at_after": at, "at_before": at, "page_size": 100}).json()["results"]}
    assert str(read_event.pk) in ids
    later = (read_event.at + timedelta(microseconds=1)).isoformat()
    ids = {e["id"] for e in client.get(url, {"at_after": later, "page_size": 100}).json()["results"]}
    assert str(read_event.pk) not in ids
    # The old names are unknown parameters now: a 400 naming them, not a silently unfiltered list.
    response = client.get(url, {"since": at, "until": at})
    assert response.status_code == 400 and {"since", "until"} <= set(response.json())


def test_audit_page_shows_a_bad_date_next_to_the_field(client, everyone):
    client.force_login(everyone["admin"])
    response = client.get("/audit/", {"at_after": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 200 and b"between 1900 and 9998" in response.content


def test_the_audit_page_offers_the_same_range_names_as_the_api(client, everyone):
    client.force_login(everyone["admin"])
    html = client.get("/audit/").content.decode()
    assert 'name="at_after"' in html and 'name="at_before"' in html
    assert 'name="since"' not in html and 'name="until"' not in html
