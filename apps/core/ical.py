"""iCalendar (RFC 5545) documents, written with the ``icalendar`` library: the invitations of
planned supervision (``apps.supervision.invitations``) and the private calendar feed
(``apps.calendar``). One place decides the shape of both, so an invitation and the feed's copy
of the same meeting are the same event (same ``UID``, ``SEQUENCE``, times and names).

Times are written in the organisation's own zone (``DTSTART;TZID=Europe/London:…``) with that
zone's ``VTIMEZONE`` (its summer and winter rules for the years the calendar spans), so a
meeting planned in December for April stays at its local time after the clocks change.
Nothing here knows about people or supervision: callers pass names and addresses only, never
anything private.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

PRODID = "-//pspteam//Supervision calendar//EN"


@dataclass(frozen=True)
class Person:
    """An organiser or attendee: a display name and an e-mail address (may be empty)."""

    name: str
    email: str


@dataclass(frozen=True)
class Meeting:
    """A timed event: ``starts_at`` aware; ``organiser`` and ``attendees`` by name and address."""

    uid: str
    sequence: int
    starts_at: datetime
    duration: timedelta
    summary: str
    organiser: Person
    attendees: tuple[Person, ...] = ()
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False
    # Attendees whose answer is already known (the organiser, who set it up).
    accepted: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AllDay:
    """A whole-day event (e.g. a due date): no time, so no zone."""

    uid: str
    day: date
    summary: str
    url: str = ""
    description: str = ""


def new_calendar(*, zone: ZoneInfo, method: str | None = None, name: str = "") -> Calendar:
    """An empty calendar with ``PRODID``, ``VERSION`` and, for an invitation, ``METHOD``."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", zone.key)
    return cal


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}" if person.email else "mailto:no-address@pspteam.invalid")
    address.params["cn"] = vText(person.name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = value
    return address


def _in_zone(instant: datetime, zone: ZoneInfo) -> datetime:
    """``instant`` as local time in ``zone``; in UTC when the local time is the second of the two
    that share a wall-clock time (the night the clocks go back): RFC 5545 reads an ambiguous
    local time as its first occurrence, which would be an hour early."""
    local = instant.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return instant.astimezone(ZoneInfo("UTC"))
    return local


def _event(uid: str, summary: str, *, stamp: datetime | None, transparent: bool, **optional: str) -> Event:
    """A ``VEVENT`` with what every event here has; ``optional`` properties only when given."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(ZoneInfo("UTC")))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    event.add("class", "PRIVATE")
    for name, value in optional.items():
        if value:
            event.add(name, value)
    return event


def add_meeting(cal: Calendar, meeting: Meeting, *, zone: ZoneInfo, stamp: datetime | None = None) -> Event:
    """Add ``meeting`` as a ``VEVENT`` with its times in ``zone`` (``TZID``)."""
    start = _in_zone(meeting.starts_at, zone)
    # The end is the start plus the duration in real time, then shown in local time: a
    # meeting across the night the clocks change still lasts as long as planned.
    end = _in_zone(meeting.starts_at.astimezone(ZoneInfo("UTC")) + meeting.duration, zone)
    event = _event(
        meeting.uid,
        meeting.summary,
        stamp=stamp,
        transparent=False,
        location=meeting.location,
        url=meeting.url,
        description=meeting.description,
    )
    event.add("sequence", meeting.sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("organizer", _address(meeting.organiser))
    for person in meeting.attendees:
        known = person.email in meeting.accepted
        event.add(
            "attendee",
            _address(
                person,
                cutype="INDIVIDUAL",
                role="CHAIR" if person == meeting.organiser else "REQ-PARTICIPANT",
                partstat="ACCEPTED" if known else "NEEDS-ACTION",
                rsvp="FALSE" if known else "TRUE",
            ),
        )
    cal.add_component(event)
    return event


def add_all_day(cal: Calendar, item: AllDay, *, stamp: datetime | None = None) -> Event:
    event = _event(item.uid, item.summary, stamp=stamp, transparent=True, url=item.url, description=item.description)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    cal.add_component(event)
    return event


def add_zone(cal: Calendar, zone: ZoneInfo, *, first: date, last: date) -> None:
    """The zone's ``VTIMEZONE`` (its rules from ``first`` to ``last``), first in the calendar
    as RFC 5545 clients expect. Always added, even to a calendar with no timed event yet."""
    component = Timezone.from_tzid(zone.key, first_date=first, last_date=last)
    cal.subcomponents.insert(0, component)


def to_bytes(cal: Calendar) -> bytes:
    return cal.to_ical()
