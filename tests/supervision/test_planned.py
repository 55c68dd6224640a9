"""Planned supervision and its calendar invitations (issue 16, part 3): who may plan with
whom, every invitation parsed with ``icalendar`` and checked against RFC 5545 (UID stable,
SEQUENCE raised on each change, ORGANIZER/ATTENDEE, the organisation's VTIMEZONE, CANCEL),
nothing private in any field, daylight saving in Europe/London, and "mark held"."""

from datetime import date, datetime, time, timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from apps.audit.models import AuditEvent
from apps.core.api.exceptions import DomainError
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send
from apps.supervision import invitations, planning, services
from apps.supervision.models import Agreement, PlannedSession, SupervisionSession
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
# The clocks go forward on the last Sunday of March 2027 (28th) and back on the last Sunday
# of October 2027 (31st).
BEFORE_SPRING = date(2027, 3, 25)
AFTER_SPRING = date(2027, 4, 1)
SPRING_SUNDAY = date(2027, 3, 28)
AUTUMN_SUNDAY = date(2027, 10, 31)
PRIVATE = "My private reflection about a hard shift"


@pytest.fixture
def agreement(everyone):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    return agreement


def plan(actor, agreements, *, day=AFTER_SPRING, at=time(10, 0), **kwargs):
    fields = {"duration_minutes": 60, "location": "Room 2, Riverside House", "video_url": "", **kwargs}
    return planning.planned_session_create(actor=actor, agreements=agreements, date=day, time=at, **fields)


def send_all():
    """Run the e-mail task body for every pending notification (the Celery task does the same)."""
    mail.outbox.clear()
    for pk in Notification.objects.filter(email_status="pending").values_list("pk", flat=True):
        assert notification_email_send(pk)[0] == "sent"
    return list(mail.outbox)


def calendar_part(message):
    """The text/calendar alternative of an e-mail, with its Content-Type, as a parsed MIME part."""
    parsed = message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "exactly one calendar part"
    return parts[0]


def parse(message) -> tuple[Calendar, str]:
    part = calendar_part(message)
    return Calendar.from_ical(part.get_payload(decode=True)), part["Content-Type"]


def the_event(cal):
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def check_rfc5545(cal, *, method):
    """What RFC 5545 / 5546 require of an iTIP message and what clients rely on."""
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    assert str(cal["METHOD"]) == method
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    kinds = {c.name for c in zones[0].subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    event = the_event(cal)
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER", "SUMMARY"):
        assert event.get(required) is not None, required
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].dt > event["DTSTART"].dt
    assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
    return event


def test_the_supervisor_plans_and_every_person_gets_a_request_they_can_accept(everyone, agreement):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    planned = plan(supervisor, [agreement])

    stored = PlannedSession.objects.get(pk=planned.pk)
    assert stored.starts_at == datetime(2027, 4, 1, 9, 0, tzinfo=UTC)  # 10:00 BST
    assert stored.sequence == 0 and stored.status == "planned" and stored.supervisor_id == supervisor.pk
    assert list(stored.agreements.all()) == [agreement]
    assert AuditEvent.objects.filter(target_id=str(planned.pk), action="create", subject=peer).exists()

    sent = send_all()
    assert sorted(m.to[0] for m in sent) == sorted([supervisor.email, peer.email])
    for message in sent:
        cal, content_type = parse(message)
        # A real calendar part (shown as a meeting), not an attachment to open.
        assert content_type.startswith("text/calendar") and "method=REQUEST" in content_type
        assert calendar_part(message).get_content_disposition() is None
        event = check_rfc5545(cal, method="REQUEST")
        assert str(event["UID"]) == planned.uid and int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].dt == datetime(2027, 4, 1, 10, 0, tzinfo=LONDON)
        assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=60)
        assert str(event["ORGANIZER"]) == f"mailto:{supervisor.email}"
        assert event["ORGANIZER"].params["CN"] == "Sam Supervisor"
        attendees = event.get("ATTENDEE")
        by_address = {str(a): a.params for a in attendees}
        assert set(by_address) == {f"mailto:{supervisor.email}", f"mailto:{peer.email}"}
        assert by_address[f"mailto:{peer.email}"]["PARTSTAT"] == "NEEDS-ACTION"
        assert by_address[f"mailto:{peer.email}"]["RSVP"] == "TRUE"
        assert str(event["SUMMARY"]) == "Supervision: Sam Supervisor and Pat Peer"
        assert str(event["LOCATION"]) == "Room 2, Riverside House"
        assert str(event["STATUS"]) == "CONFIRMED"


def test_changes_raise_the_sequence_keep_the_uid_and_a_cancel_is_sent(everyone, agreement):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    planned = plan(supervisor, [agreement])
    send_all()

    changed = planning.planned_session_update(
        actor=peer, planned=planned, data={"time": time(14, 30), "location": "Room 5"}
    )
    assert PlannedSession.objects.get(pk=planned.pk).sequence == 1 == changed.sequence
    cal, _ = parse(send_all()[0])
    event = check_rfc5545(cal, method="REQUEST")
    assert str(event["UID"]) == planned.uid and int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt == datetime(2027, 4, 1, 14, 30, tzinfo=LONDON)
    assert str(event["LOCATION"]) == "Room 5"

    # Saving the same values again changes nothing and sends nothing.
    planning.planned_session_update(actor=supervisor, planned=changed, data={"location": "Room 5"})
    assert PlannedSession.objects.get(pk=planned.pk).sequence == 1
    assert not Notification.objects.filter(email_status="pending").exists()

    planning.planned_session_cancel(actor=supervisor, planned=changed)
    stored = PlannedSession.objects.get(pk=planned.pk)
    assert stored.status == "cancelled" and stored.sequence == 2 and stored.cancelled_at
    sent = send_all()
    assert len(sent) == 2
    for message in sent:
        cal, content_type = parse(message)
        assert "method=CANCEL" in content_type
        event = check_rfc5545(cal, method="CANCEL")
        assert str(event["UID"]) == planned.uid and int(event["SEQUENCE"]) == 2
        assert str(event["STATUS"]) == "CANCELLED"

    with pytest.raises(DomainError):
        planning.planned_session_update(actor=supervisor, planned=stored, data={"location": "Room 9"})
    assert PlannedSession.objects.get(pk=planned.pk).location == "Room 5"


def test_an_invitation_sent_late_carries_the_current_version_never_an_older_one(everyone, agreement):
    planned = plan(everyone["supervisor"], [agreement])
    first = Notification.objects.get(recipient=everyone["peer"], kind=invitations.PLANNED)
    planning.planned_session_update(actor=everyone["supervisor"], planned=planned, data={"date": BEFORE_SPRING})
    mail.outbox.clear()
    notification_email_send(first.pk)
    event = the_event(parse(mail.outbox[0])[0])
    assert int(event["SEQUENCE"]) == 1 and event["DTSTART"].dt.date() == BEFORE_SPRING


def test_nothing_private_goes_into_any_invitation(everyone, agreement):
    supervisor = everyone["supervisor"]
    planned = plan(supervisor, [agreement])
    send_all()
    planning.planned_session_mark_held  # noqa: B018 - the record's text is never in the plan
    PlannedSession.objects.filter(pk=planned.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    planned = PlannedSession.objects.prefetch_related("agreements__supervisee").get(pk=planned.pk)
    planning.planned_session_mark_held(
        actor=supervisor, planned=planned, functions=["restorative"], topics=PRIVATE, agreed_actions=PRIVATE
    )
    for kind in invitations.KINDS:
        Notification.objects.create(
            organisation=supervisor.organisation,
            recipient=supervisor,
            kind=kind,
            message_template="x",
            link=invitations.planned_link(planned),
            email_status="pending",
            email_next_attempt_at=timezone.now(),
        )
    for message in send_all():
        text = message.message().as_string()
        assert PRIVATE not in text and "private reflection" not in text.lower()
        event = the_event(parse(message)[0])
        assert set(event) <= {
            "UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "STATUS", "TRANSP", "CLASS",
            "LOCATION", "URL", "DESCRIPTION", "ORGANIZER", "ATTENDEE",
        }  # fmt: skip
        assert str(event["DESCRIPTION"]).startswith("Planned in pspteam: http")


@pytest.mark.parametrize(
    ("day", "at", "utc"),
    [
        (BEFORE_SPRING, time(10, 0), datetime(2027, 3, 25, 10, 0, tzinfo=UTC)),  # GMT
        (AFTER_SPRING, time(10, 0), datetime(2027, 4, 1, 9, 0, tzinfo=UTC)),  # BST
        (date(2027, 10, 28), time(10, 0), datetime(2027, 10, 28, 9, 0, tzinfo=UTC)),  # BST
        (date(2027, 11, 4), time(10, 0), datetime(2027, 11, 4, 10, 0, tzinfo=UTC)),  # GMT
    ],
)
def test_local_time_stays_right_on_both_sides_of_a_clock_change(everyone, agreement, day, at, utc):
    """Planned in December (GMT) for after the clocks change: still 10:00 local time."""
    planned = plan(everyone["supervisor"], [agreement], day=day, at=at)
    assert PlannedSession.objects.get(pk=planned.pk).starts_at == utc
    event = the_event(parse(send_all()[0])[0])
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime.combine(day, at)
    assert event["DTSTART"].dt.astimezone(UTC) == utc


def test_moving_a_session_across_the_change_keeps_its_local_time(everyone, agreement):
    supervisor = everyone["supervisor"]
    planned = plan(supervisor, [agreement], day=BEFORE_SPRING, at=time(10, 0))
    planning.planned_session_update(actor=supervisor, planned=planned, data={"date": AFTER_SPRING})
    stored = PlannedSession.objects.get(pk=planned.pk)
    assert stored.starts_at == datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
    assert planning.local_parts(stored) == (AFTER_SPRING, time(10, 0))


def test_a_session_across_the_night_the_clocks_change_lasts_as_long_as_planned(everyone, agreement):
    # 00:30 GMT on 28 March 2027, two hours: the clocks jump 01:00 → 02:00, so it ends 03:30 BST.
    planned = plan(everyone["supervisor"], [agreement], day=SPRING_SUNDAY, at=time(0, 30), duration_minutes=120)
    event = the_event(parse(send_all()[0])[0])
    assert event["DTEND"].dt.replace(tzinfo=None) == datetime(2027, 3, 28, 3, 30)
    # Python subtracts wall-clock times within one zone: compare the instants.
    assert event["DTEND"].dt.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC) == timedelta(hours=2)
    assert PlannedSession.objects.get(pk=planned.pk).duration_minutes == 120
    # In October the hour 01:00–02:00 happens twice: 00:30 BST + 2 h ends 01:30 GMT, the second
    # 01:30; RFC 5545 reads a local 01:30 as the first (BST), so the end is written in UTC.
    autumn = plan(everyone["supervisor"], [agreement], day=AUTUMN_SUNDAY, at=time(0, 30), duration_minutes=120)
    mail.outbox.clear()
    notification = Notification.objects.filter(recipient=everyone["peer"], link__contains=str(autumn.pk)).first()
    notification_email_send(notification.pk)
    event = the_event(parse(mail.outbox[0])[0])
    assert event["DTEND"].dt.replace(tzinfo=None) == datetime(2027, 10, 31, 1, 30)
    assert event["DTEND"].dt.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC) == timedelta(hours=2)


def test_a_time_the_clocks_skip_is_refused_naming_the_time(everyone, agreement):
    with pytest.raises(ValidationError) as refused:
        plan(everyone["supervisor"], [agreement], day=SPRING_SUNDAY, at=time(1, 30))
    assert "time" in refused.value.message_dict
    assert not PlannedSession.objects.exists()


def test_a_group_session_invites_only_the_supervisors_own_supervisees(everyone, agreement):
    supervisor, peer2 = everyone["supervisor"], everyone["peer2"]
    second = AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=agreement.starts_on)
    planned = plan(supervisor, [agreement, second])
    sent = send_all()
    assert sorted(m.to[0] for m in sent) == sorted([supervisor.email, everyone["peer"].email, peer2.email])
    event = the_event(parse(sent[0])[0])
    assert str(event["SUMMARY"]) == "Group supervision: Sam Supervisor with Pat Peer, Robin Peer"
    assert planned.agreements.count() == 2


def test_nobody_invites_outsiders_into_someones_supervision(everyone, agreement):
    supervisor, peer, peer2 = everyone["supervisor"], everyone["peer"], everyone["peer2"]
    other = AgreementFactory(supervisee=peer2, supervisor=everyone["clinician"], starts_on=agreement.starts_on)
    # The supervisor cannot add someone else's agreement; a supervisee cannot add anyone.
    with pytest.raises(PermissionDenied):
        plan(supervisor, [agreement, other])
    with pytest.raises(PermissionDenied):
        plan(peer, [agreement, other])
    with pytest.raises(PermissionDenied):
        plan(everyone["manager"], [agreement])
    with pytest.raises(ValidationError) as refused:
        plan(everyone["outsider"], [agreement])
    assert "agreements" in refused.value.message_dict
    assert not PlannedSession.objects.exists() and not Notification.objects.exists()


def test_only_agreements_in_force_and_times_ahead_can_be_planned(everyone, agreement):
    supervisor = everyone["supervisor"]
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ENDED)
    agreement.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        plan(supervisor, [agreement])
    assert "agreements" in refused.value.message_dict
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE, ends_on=date(2027, 3, 31))
    agreement.refresh_from_db()
    for kwargs, field in [
        ({"day": date(2020, 1, 1)}, "date"),
        ({"day": AFTER_SPRING}, "date"),  # after the agreement ends
        ({"day": BEFORE_SPRING, "duration_minutes": 4}, "duration_minutes"),
        ({"day": BEFORE_SPRING, "location": ""}, "location"),
        ({"day": BEFORE_SPRING, "video_url": "javascript:alert(1)"}, "video_url"),
    ]:
        with pytest.raises(ValidationError) as refused:
            plan(supervisor, [agreement], **kwargs)
        assert field in refused.value.message_dict, kwargs
    assert not PlannedSession.objects.exists()


def test_marking_held_records_the_session_and_moves_the_due_date_in_one_step(everyone, agreement):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    planned = plan(supervisor, [agreement])
    with pytest.raises(DomainError):  # not yet happened
        planning.planned_session_mark_held(actor=supervisor, planned=planned, functions=["formative"])
    yesterday = timezone.now() - timedelta(days=1)
    PlannedSession.objects.filter(pk=planned.pk).update(starts_at=yesterday)
    planned = PlannedSession.objects.prefetch_related("agreements__supervisee").get(pk=planned.pk)
    with pytest.raises(PermissionDenied):
        planning.planned_session_mark_held(actor=peer, planned=planned, functions=["formative"])
    session = planning.planned_session_mark_held(actor=supervisor, planned=planned, functions=["formative"])

    stored = PlannedSession.objects.get(pk=planned.pk)
    assert stored.status == "held" and stored.held_session_id == session.pk
    record = SupervisionSession.objects.get(pk=session.pk)
    held_on = yesterday.astimezone(LONDON).date()
    assert record.held_on == held_on and record.duration_minutes == 60 and list(record.agreements.all()) == [agreement]
    agreement.refresh_from_db()
    assert agreement.next_due_on == held_on + timedelta(days=agreement.frequency_days)
    with pytest.raises(DomainError):
        planning.planned_session_mark_held(actor=supervisor, planned=stored, functions=["formative"])
    assert SupervisionSession.objects.count() == 1


def test_ending_the_agreement_cancels_what_was_planned_under_it(everyone, agreement):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    planned = plan(supervisor, [agreement])
    send_all()
    services.agreement_end(actor=peer, agreement=agreement)
    stored = PlannedSession.objects.get(pk=planned.pk)
    assert (stored.status, stored.sequence) == ("cancelled", 1)
    sent = send_all()
    assert sorted(m.to[0] for m in sent) == sorted([supervisor.email, peer.email])
    for message in sent:
        cal, content_type = parse(message)
        assert "method=CANCEL" in content_type and int(check_rfc5545(cal, method="CANCEL")["SEQUENCE"]) == 1


def test_a_leaver_s_planned_sessions_are_cancelled_with_their_agreements(everyone, agreement):
    planned = plan(everyone["supervisor"], [agreement])
    services.agreements_end_for_leaver(actor=everyone["manager"], worker=everyone["peer"])
    assert PlannedSession.objects.get(pk=planned.pk).status == "cancelled"
