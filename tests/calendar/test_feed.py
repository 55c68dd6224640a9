"""The private calendar feed (issue 16, part 3): made, replaced and turned off from the account
pages, the secret kept only as a hash and shown once; read without a session, only the owner's
items, nothing private, nobody told that someone stepped away; every feed parsed with
``icalendar`` and checked against RFC 5545."""

import hashlib
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from apps.audit.models import AuditEvent
from apps.calendar.models import CalendarFeed
from apps.calendar.services import feed_issue, feed_revoke
from apps.core.dates import org_today
from apps.supervision import planning
from apps.supervision.models import Agreement
from apps.supervision.services import session_record
from apps.wellbeing import services as wellbeing_services
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
PRIVATE = "QXprivate supervision topic"


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


def read(secret: str, client=None):
    return (client or Client()).get(f"/calendar/{secret}.ics")


def parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    cal = Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID") and "METHOD" not in cal
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)), "one event per UID"
    for event in cal.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert event.get(required) is not None, required
    return cal


def events(cal) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def plan(actor, agreements, day, at=time(10, 0), **kwargs):
    return planning.planned_session_create(
        actor=actor, agreements=agreements, date=day, time=at, duration_minutes=60, location="Room 2", **kwargs
    )


def test_the_secret_is_stored_hashed_shown_once_and_the_feed_needs_no_session(everyone, agreement):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    secret = feed_issue(actor=peer)
    stored = CalendarFeed.objects.get(user=peer)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in stored.secret_hash
    assert AuditEvent.objects.filter(actor=peer, detail="calendar feed").exists()
    planned = plan(supervisor, [agreement], date(2027, 4, 1))

    cal = parse(read(secret))
    found = events(cal)
    meeting = found[planned.uid]
    assert meeting["DTSTART"].params["TZID"] == "Europe/London"
    assert meeting["DTSTART"].dt == datetime(2027, 4, 1, 10, 0, tzinfo=LONDON)
    assert meeting["DTSTART"].dt.astimezone(UTC) == datetime(2027, 4, 1, 9, 0, tzinfo=UTC)  # BST
    assert int(meeting["SEQUENCE"]) == 0 and str(meeting["SUMMARY"]) == "Supervision: Sam Supervisor and Pat Peer"
    due = found[f"supervision-due-{agreement.pk}@pspteam"]
    agreement.refresh_from_db()
    assert due["DTSTART"].dt == agreement.next_due_on and due["DTEND"].dt == agreement.next_due_on + timedelta(1)
    assert str(due["SUMMARY"]) == "Supervision due with Sam Supervisor"
    assert CalendarFeed.objects.get(user=peer).last_read_at is not None
    # The supervisor's own feed: the same meeting (same UID), the due date named from their side.
    supervisors = events(parse(read(feed_issue(actor=supervisor))))
    assert str(supervisors[planned.uid]["UID"]) == planned.uid
    assert str(supervisors[f"supervision-due-{agreement.pk}@pspteam"]["SUMMARY"]) == "Supervision due: Pat Peer"


def test_a_replaced_or_turned_off_secret_is_a_404(everyone):
    peer = everyone["peer"]
    old = feed_issue(actor=peer)
    new = feed_issue(actor=peer)
    assert read(old).status_code == 404 and read(new).status_code == 200
    assert CalendarFeed.objects.filter(user=peer).count() == 1
    assert feed_revoke(actor=peer) is True
    assert read(new).status_code == 404 and not CalendarFeed.objects.exists()
    assert feed_revoke(actor=peer) is False
    for guess in ("x", "a" * 43, "../../etc/passwd", "a" * 500):
        assert Client().get(f"/calendar/{guess}.ics").status_code == 404


def test_a_leaver_s_feed_is_a_404(everyone):
    peer = everyone["peer"]
    secret = feed_issue(actor=peer)
    type(peer).objects.filter(pk=peer.pk).update(status="left", is_active=False)
    assert read(secret).status_code == 404


def test_only_the_owners_items_and_nothing_private(everyone, agreement):
    supervisor, peer, peer2 = everyone["supervisor"], everyone["peer"], everyone["peer2"]
    other = AgreementFactory(supervisee=peer2, supervisor=everyone["clinician"], starts_on=agreement.starts_on)
    theirs = plan(everyone["clinician"], [other], date(2027, 4, 2))
    mine = plan(supervisor, [agreement], date(2027, 4, 3))
    cancelled = plan(supervisor, [agreement], date(2027, 4, 4))
    planning.planned_session_cancel(actor=supervisor, planned=cancelled)
    session_record(  # a held session with private text
        actor=supervisor,
        agreements=[agreement],
        held_on=org_today(peer.organisation),
        duration_minutes=30,
        functions=["restorative"],
        topics=PRIVATE,
        agreed_actions=PRIVATE,
    )
    response = read(feed_issue(actor=peer))
    found = events(parse(response))
    assert mine.uid in found and theirs.uid not in found and cancelled.uid not in found
    assert f"supervision-due-{other.pk}@pspteam" not in found
    assert PRIVATE.encode() not in response.content and b"QX" not in response.content
    names = re.findall(rb"CN=([^;:]+)", response.content)
    assert {n.decode().strip('"') for n in names} <= {"Sam Supervisor", "Pat Peer"}


def test_feeds_never_tell_anyone_that_someone_stepped_away(everyone, agreement):
    supervisor, peer, peer2 = everyone["supervisor"], everyone["peer"], everyone["peer2"]
    second = AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=agreement.starts_on)
    group = plan(supervisor, [agreement, second], date(2027, 4, 1))
    peer2_secret = feed_issue(actor=peer2)
    before = events(parse(read(peer2_secret)))
    wellbeing_services.worker_step_away(actor=peer, until=org_today(peer.organisation) + timedelta(days=14))

    after_response = read(peer2_secret)
    after = events(parse(after_response))
    # Pat's colleague in the group session sees the meeting exactly as before: same people.
    assert set(after) == set(before)
    assert [str(a) for a in after[group.uid]["ATTENDEE"]] == [str(a) for a in before[group.uid]["ATTENDEE"]]
    for response in (after_response, read(feed_issue(actor=supervisor)), read(feed_issue(actor=peer))):
        text = response.content.decode().lower()
        assert "stepped" not in text and "away" not in text and "paused" not in text
    # Paused supervision has no due date (nobody is reminded), and nothing says why.
    supervisors = events(parse(read(feed_issue(actor=supervisor))))
    assert f"supervision-due-{agreement.pk}@pspteam" not in supervisors
    assert f"supervision-due-{second.pk}@pspteam" in supervisors


def test_the_account_page_links_to_the_calendar_page_which_shows_the_address_once(client, everyone):
    peer = everyone["peer"]
    client.force_login(peer)
    assert 'href="/calendar/"' in client.get("/people/me/").content.decode()
    page = client.get("/calendar/")
    assert page.status_code == 200 and "You have no calendar link" in page.content.decode()
    made = client.post("/calendar/", {"action": "issue"})
    html = made.content.decode()
    url = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', html).group(1)
    assert "shown only this once" in html and "no-store" in made["Cache-Control"]
    secret = url.rsplit("/", 1)[1][: -len(".ics")]
    assert CalendarFeed.objects.get(user=peer).secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    again = client.get("/calendar/").content.decode()
    assert secret not in again and "Your link is on" in again
    assert Client().get(f"/calendar/{secret}.ics").status_code == 200
    client.post("/calendar/", {"action": "revoke"})
    assert not CalendarFeed.objects.exists() and Client().get(f"/calendar/{secret}.ics").status_code == 404
