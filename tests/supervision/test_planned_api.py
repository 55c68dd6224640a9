"""Planned supervision through the API and the pages: bad input is a 400 naming the field
(a form error on the page), another organisation's session is a 404, every write is read back
from the database and a refused one changes nothing."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from apps.supervision import planning
from apps.supervision.models import Agreement, PlannedSession
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/planned/"
DAY = date(2027, 4, 1)


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


def body(agreement, **overrides):
    return {
        "agreements": [str(agreement.pk)],
        "date": DAY.isoformat(),
        "time": "10:00",
        "duration_minutes": 60,
        "location": "Room 2",
        **overrides,
    }


def test_planning_through_the_api_is_read_back_with_local_time(api, everyone, agreement):
    response = api.as_(everyone["supervisor"]).post(URL, body(agreement), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["date"], data["time"], data["sequence"], data["status"]) == ("2027-04-01", "10:00", 0, "planned")
    assert [p["display_name"] for p in data["people"]] == ["Sam Supervisor", "Pat Peer"]
    stored = PlannedSession.objects.get(pk=data["id"])
    assert stored.starts_at.isoformat() == "2027-04-01T09:00:00+00:00" and stored.location == "Room 2"
    assert Notification.objects.filter(kind="supervision_planned", email_status="pending").count() == 2

    changed = api.as_(everyone["peer"]).patch(f"{URL}{stored.pk}/", {"time": "11:15"}, format="json")
    assert changed.status_code == 200 and changed.json()["sequence"] == 1
    stored.refresh_from_db()
    assert stored.starts_at.isoformat() == "2027-04-01T10:15:00+00:00" and stored.sequence == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": "2020-01-01"}, "date"),
        ({"date": "not a date"}, "date"),
        ({"time": "25:00"}, "time"),
        ({"time": "01:30", "date": "2027-03-28"}, "time"),  # the clocks skip it
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"location": "", "video_url": ""}, "location"),
        ({"video_url": "ftp://example.org/x"}, "video_url"),
        ({"agreements": []}, "agreements"),
        ({"agreements": ["00000000-0000-0000-0000-000000000000"]}, "agreements"),
        ({"sequence": 5}, "sequence"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(api, everyone, agreement, overrides, field):
    response = api.as_(everyone["supervisor"]).post(URL, body(agreement, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"] if "errors" in response.json() else field in response.json()
    assert not PlannedSession.objects.exists() and not Notification.objects.exists()


def test_a_refused_change_changes_nothing(api, everyone, agreement):
    planned = planning.planned_session_create(
        actor=everyone["supervisor"], agreements=[agreement], date=DAY, time=time(10), duration_minutes=60, location="A"
    )
    before = PlannedSession.objects.values().get(pk=planned.pk)
    for user, status in [(everyone["manager"], 404), (everyone["peer2"], 404), (everyone["outsider"], 404)]:
        assert api.as_(user).patch(f"{URL}{planned.pk}/", {"location": "B"}, format="json").status_code == status
        assert api.as_(user).post(f"{URL}{planned.pk}/cancel/").status_code == status
    bad = api.as_(everyone["supervisor"]).patch(f"{URL}{planned.pk}/", {"duration_minutes": 2}, format="json")
    assert bad.status_code == 400 and "duration_minutes" in str(bad.json())
    fixed = api.as_(everyone["supervisor"]).patch(f"{URL}{planned.pk}/", {"agreements": []}, format="json")
    assert fixed.status_code == 400 and "agreements" in str(fixed.json())
    early = api.as_(everyone["supervisor"]).post(
        f"{URL}{planned.pk}/held/", {"functions": ["formative"]}, format="json"
    )
    assert early.status_code == 400 and "status" in str(early.json())
    assert PlannedSession.objects.values().get(pk=planned.pk) == before


def test_another_organisations_planned_session_does_not_exist(api, everyone, agreement):
    org = OrganisationFactory()
    a, b = UserFactory(organisation=org), UserFactory(organisation=org)
    theirs = AgreementFactory(supervisee=a, supervisor=b, starts_on=date.today() - timedelta(days=5))
    planned = planning.planned_session_create(
        actor=b, agreements=[theirs], date=DAY, time=time(10), duration_minutes=60, location="Their room"
    )
    client = api.as_(everyone["supervisor"])
    assert client.get(f"{URL}{planned.pk}/").status_code == 404
    assert client.patch(f"{URL}{planned.pk}/", {"location": "Mine"}, format="json").status_code == 404
    assert client.post(f"{URL}{planned.pk}/cancel/").status_code == 404
    assert client.post(f"{URL}{planned.pk}/held/", {"functions": ["formative"]}, format="json").status_code == 404
    assert client.get(URL).json()["results"] == [] if "results" in client.get(URL).json() else True
    # Their agreement cannot be named in a plan either.
    refused = client.post(URL, body(theirs), format="json")
    assert refused.status_code == 400 and "agreements" in str(refused.json())
    assert PlannedSession.objects.get(pk=planned.pk).location == "Their room"


def test_the_pages_plan_change_cancel_and_mark_held(client, everyone, agreement):
    supervisor = everyone["supervisor"]
    client.force_login(supervisor)
    assert client.get("/supervision/planned/new/").status_code == 200
    bad = client.post(
        "/supervision/planned/new/",
        {"agreements": [agreement.pk], "date": "2027-03-28", "time": "01:30", "duration_minutes": 60, "location": "A"},
    )
    assert bad.status_code == 400 and "does not exist on that day" in bad.content.decode()
    assert not PlannedSession.objects.exists()
    made = client.post(
        "/supervision/planned/new/",
        {"agreements": [agreement.pk], "date": "2027-04-01", "time": "10:00", "duration_minutes": 60, "location": "A"},
    )
    assert made.status_code == 302
    planned = PlannedSession.objects.get()
    page = client.get(made["Location"]).content.decode()
    assert "1 Apr 2027, 10:00" in page and "Pat Peer" in page
    changed = client.post(
        made["Location"],
        {"change-date": "2027-04-01", "change-time": "12:00", "change-duration_minutes": 45, "change-location": "B"},
    )
    assert changed.status_code == 302
    planned.refresh_from_db()
    assert (planned.sequence, planned.duration_minutes, planned.location) == (1, 45, "B")
    assert planning.local_parts(planned)[1] == time(12, 0)
    # My supervision lists it for the supervisee, at its local time.
    client.force_login(everyone["peer"])
    assert "1 Apr 2027, 12:00" in client.get("/supervision/mine/").content.decode()
    # Only the supervisor marks held.
    assert client.get(f"/supervision/planned/{planned.pk}/held/").status_code == 403
    client.force_login(supervisor)
    PlannedSession.objects.filter(pk=planned.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    assert "Mark as held" in client.get(made["Location"]).content.decode()
    held = client.post(f"/supervision/planned/{planned.pk}/held/", {"duration_minutes": 45, "functions": ["formative"]})
    assert held.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "held" and planned.held_session is not None
    # Cancelling a held session is refused and changes nothing.
    client.post(f"/supervision/planned/{planned.pk}/cancel/")
    planned.refresh_from_db()
    assert planned.status == "held" and planned.sequence == 1
