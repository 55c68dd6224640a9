"""The self-logged practice hours (issue 17, part 3): the worker's own, and nobody else's to read."""

from datetime import timedelta
from decimal import Decimal

import pytest

from apps.audit.models import AuditEvent
from apps.credentials import services
from apps.credentials.models import PracticeEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/practice-log/"


@pytest.fixture
def entry(everyone, today):
    return services.practice_entry_create(
        actor=everyone["peer"],
        worked_on=today - timedelta(days=1),
        hours=Decimal("2"),
        category="group_work",
        note="QXmynote walking group",
    )


def test_a_worker_logs_changes_and_removes_practice_hours(api, everyone, today):
    client = api.as_(everyone["peer"])
    created = client.post(
        URL,
        {"worked_on": str(today), "hours": "1.75", "category": "direct_peer_support", "note": "Drop-in"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    entry = PracticeEntry.objects.get(pk=created.json()["id"])
    assert (entry.worker, entry.hours, entry.note) == (everyone["peer"], Decimal("1.75"), "Drop-in")
    assert client.patch(f"{URL}{entry.pk}/", {"hours": "2.5"}, format="json").status_code == 200
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.5")
    assert client.delete(f"{URL}{entry.pk}/").status_code == 204
    assert not PracticeEntry.objects.filter(pk=entry.pk).exists()
    events = AuditEvent.objects.filter(target_id=str(entry.pk)).values_list("action", "detail")
    assert {action for action, _ in events} == {"create", "update", "delete"}
    assert not any("Drop-in" in detail for _, detail in events)  # the audit names the entry, never its note


@pytest.mark.parametrize("persona", ["supervisor", "manager", "admin", "peer2", "outsider"])
def test_nobody_else_reads_or_changes_a_practice_log(api, everyone, entry, persona):
    client = api.as_(everyone[persona])
    listed = client.get(URL).json()
    assert listed["count"] == 0 and "QXmynote" not in str(listed)
    assert client.get(f"{URL}{entry.pk}/").status_code == 404
    assert client.patch(f"{URL}{entry.pk}/", {"hours": "9"}, format="json").status_code == 404
    assert client.delete(f"{URL}{entry.pk}/").status_code == 404
    entry.refresh_from_db()
    assert entry.hours == Decimal("2")


@pytest.mark.parametrize(
    ("note", "ok"),
    [
        ("Peer group at the library", True),
        ("Called them on 07700 900123", False),
        ("Followed up with jo@example.org", False),
        ("DOB 01/02/1980", False),
        ("x" * 141, False),
    ],
)
def test_the_note_refuses_what_could_identify_someone(api, everyone, today, note, ok):
    response = api.as_(everyone["peer"]).post(
        URL, {"worked_on": str(today), "hours": "1", "category": "other", "note": note}, format="json"
    )
    assert (response.status_code == 201) is ok, response.json()
    if not ok:
        assert "note" in response.json()
        assert not PracticeEntry.objects.filter(worker=everyone["peer"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "24.25"}, "hours"),
        ({"hours": "1.1"}, "hours"),
        ({"worked_on": "2999-01-01"}, "worked_on"),
        ({"worked_on": "1900-01-01"}, "worked_on"),
        ({"category": "therapy"}, "category"),
        ({"worker": "someone"}, "worker"),
    ],
)
def test_bad_practice_input_is_a_400_naming_the_field_and_stores_nothing(api, everyone, today, body, field):
    valid = {"worked_on": str(today), "hours": "1", "category": "other"}
    response = api.as_(everyone["peer"]).post(URL, {**valid, **body}, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not PracticeEntry.objects.exists()


def test_the_log_filters_by_dates_inclusive_and_category(api, everyone, entry, today):
    client = api.as_(everyone["peer"])
    day = str(today - timedelta(days=1))
    assert client.get(URL, {"worked_on_after": day, "worked_on_before": day}).json()["count"] == 1
    assert client.get(URL, {"worked_on_after": str(today)}).json()["count"] == 0
    assert client.get(URL, {"category": "other"}).json()["count"] == 0
