"""A list page's reads are one row naming every record shown (issue 20, target 4), and "who read
my entries", the org admin's browser and the API find each record and each author in it exactly
as they found the one-row-per-record trail."""

import pytest

from apps.audit.models import AuditEvent
from apps.audit.selectors import readers_of_my_entries
from apps.audit.services import audit_reads
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(everyone):
    """A page of five reflections: three by Pat, one by Robin (peer2), one by the reader."""
    peer, peer2, supervisor = everyone["peer"], everyone["peer2"], everyone["supervisor"]
    return [
        *ReflectionFactory.create_batch(3, author=peer),
        ReflectionFactory(author=peer2),
        ReflectionFactory(author=supervisor),
    ]


def test_a_list_page_writes_one_row_naming_each_record_and_its_author(everyone, shown):
    supervisor = everyone["supervisor"]
    audit_reads(actor=supervisor, targets=shown, detail="list")
    (event,) = AuditEvent.objects.all()
    # The reader's own entry is not a read of someone else's; the rest in page order.
    assert event.target_ids == [r.pk for r in shown[:4]]
    assert event.subject_ids == [r.author_id for r in shown[:4]]
    assert (event.action, event.actor, event.target_type, event.detail) == (
        "read",
        supervisor,
        "reflections.reflection",
        "list",
    )
    assert event.target_id is None and event.subject_id is None and event.target_count == 4


def test_one_record_read_from_a_list_is_written_like_a_single_read(everyone, shown):
    audit_reads(actor=everyone["supervisor"], targets=shown[3:], detail="list")
    (event,) = AuditEvent.objects.all()
    assert (event.target_id, event.subject, event.target_ids) == (shown[3].pk, everyone["peer2"], None)


def test_who_read_my_entries_names_exactly_my_records_in_a_list_read(client, everyone, shown):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    audit_reads(actor=everyone["supervisor"], targets=shown, detail="list")
    (event,) = readers_of_my_entries(peer)
    assert event.targets_of(peer.pk) == [r.pk for r in shown[:3]]
    assert [e.targets_of(peer2.pk) for e in readers_of_my_entries(peer2)] == [[shown[3].pk]]
    assert not readers_of_my_entries(everyone["supervisor"]).exists()  # their own entry
    assert not readers_of_my_entries(everyone["manager"]).exists()
    client.force_login(peer)
    html = client.get("/audit/who-read-my-entries/").content.decode()
    assert "Sam Supervisor" in html and "Your 3 reflections" in html
    client.force_login(peer2)
    assert "Your reflection<" in client.get("/audit/who-read-my-entries/").content.decode()


def test_every_record_and_author_of_a_list_read_is_found_by_the_browser_and_the_api(api, everyone, shown):
    audit_reads(actor=everyone["supervisor"], targets=shown, detail="list")
    event = AuditEvent.objects.get()
    for r in shown[:4]:
        assert list(AuditEvent.objects.naming_target(r.pk)) == [event]
        assert list(AuditEvent.objects.about_subject(r.author_id)) == [event]
    assert not AuditEvent.objects.naming_target(shown[4].pk).exists()
    client = api.as_(everyone["admin"])
    for params in ({"target_id": shown[1].pk}, {"subject": everyone["peer2"].pk}):
        body = client.get("/api/v1/audit-events/", params).json()
        assert [e["id"] for e in body["results"]] == [str(event.pk)]
    assert client.get("/api/v1/audit-events/", {"target_id": shown[4].pk}).json()["count"] == 0
    (row,) = client.get("/api/v1/audit-events/").json()["results"]
    assert row["target_ids"] == [str(r.pk) for r in shown[:4]]
    assert row["subject_ids"] == [str(r.author_id) for r in shown[:4]]
    # A worker's API view of the trail is who read theirs: the list read is in Robin's.
    body = api.as_(everyone["peer2"]).get("/api/v1/audit-events/").json()
    assert [e["id"] for e in body["results"]] == [str(event.pk)]


def test_a_page_of_two_kinds_writes_one_row_per_kind(everyone, shown, riverside):
    supervisor = everyone["supervisor"]
    # A team stands in for a second kind of record (it has no author: nobody's entry).
    team = riverside
    team.author_id = None
    audit_reads(actor=supervisor, targets=[*shown[:2], team, shown[2]], detail="map")
    rows = {e.target_type: e for e in AuditEvent.objects.all()}
    assert rows["reflections.reflection"].target_ids == [r.pk for r in shown[:3]]
    assert rows["teams.team"].target_id == team.pk
    assert len(rows) == 2
