"""Calendar invitations for planned supervision (issue 16, part 3).

Each person a planned session covers is e-mailed through the usual notification delivery
(``apps.notifications``: Celery, retries, one ``Message-ID`` per notification). The e-mail of
the kinds below carries a ``text/calendar; method=REQUEST`` (or ``CANCEL``) part, which Outlook,
Google and Apple Mail show as a meeting to accept, not as an attachment to open.

The invitation is built when the e-mail is sent, from the planned session as it is then: its
``UID`` never changes, its ``SEQUENCE`` is the session's (raised on every change), so an e-mail
sent late or twice never brings back an older version. A session cancelled since is sent as a
cancellation. What goes in: the time (in the organisation's zone, with its ``VTIMEZONE``), the
place or video link, the names and addresses of the people invited and a link to the page —
never anything of what supervision is about.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol
from uuid import UUID

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from apps.core import ical
from apps.core.dates import org_zone, prose_datetime
from apps.notifications.services import notify
from apps.supervision.models import PlannedSession

PLANNED = "supervision_planned"
CHANGED = "supervision_plan_changed"
CANCELLED = "supervision_plan_cancelled"
KINDS = (PLANNED, CHANGED, CANCELLED)


class _Notification(Protocol):
    kind: str
    link: str


def planned_link(planned: PlannedSession) -> str:
    return reverse("supervision:planned-detail", args=[planned.pk])


def _person(user) -> ical.Person:
    return ical.Person(name=user.display_name or user.username, email=user.email or "")


def attendees_of(planned: PlannedSession) -> list:
    """The supervisor, then the supervisees of the agreements covered (prefetched), by name."""
    supervisees = sorted(
        {a.supervisee_id: a.supervisee for a in planned.agreements.all()}.values(), key=lambda u: u.display_name
    )
    return [planned.supervisor, *supervisees]


def summary_of(planned: PlannedSession) -> str:
    """Names only: "Supervision: Sam Supervisor and Pat Peer" (or "Group supervision: …")."""
    people = attendees_of(planned)
    names = [p.display_name or p.username for p in people]
    if len(people) > 2:
        return f"Group supervision: {names[0]} with {', '.join(names[1:])}"
    return f"Supervision: {' and '.join(names)}"


def meeting_of(planned: PlannedSession, *, cancelled: bool = False) -> ical.Meeting:
    people = attendees_of(planned)
    organiser = _person(planned.supervisor)
    url = f"{settings.SITE_URL}{planned_link(planned)}"
    return ical.Meeting(
        uid=planned.uid,
        sequence=planned.sequence,
        starts_at=planned.starts_at,
        duration=timedelta(minutes=planned.duration_minutes),
        summary=summary_of(planned),
        organiser=organiser,
        attendees=tuple(_person(p) for p in people),
        location=planned.location or planned.video_url,
        url=planned.video_url or url,
        description=f"Planned in pspteam: {url}",
        cancelled=cancelled or planned.status == PlannedSession.Status.CANCELLED,
        accepted=frozenset({organiser.email}),
    )


def zone_span(planned: PlannedSession) -> tuple:
    """The years the ``VTIMEZONE`` rules cover: a year either side of the meeting."""
    day = planned.starts_at.date()
    return day - timedelta(days=366), day + timedelta(days=366)


def invitation(planned: PlannedSession, *, cancel: bool = False) -> bytes:
    """The ``METHOD:REQUEST`` (or ``METHOD:CANCEL``) calendar of one planned session."""
    cancelled = cancel or planned.status == PlannedSession.Status.CANCELLED
    zone = org_zone(planned.organisation)
    cal = ical.new_calendar(zone=zone, method="CANCEL" if cancelled else "REQUEST")
    first, last = zone_span(planned)
    ical.add_zone(cal, zone, first=first, last=last)
    ical.add_meeting(cal, meeting_of(planned, cancelled=cancelled), zone=zone)
    return ical.to_bytes(cal)


def _planned_id(link: str) -> UUID | None:
    try:
        match = resolve(link)
    except Resolver404:
        return None
    value = match.kwargs.get("planned_id")
    return value if isinstance(value, UUID) else None


def email_part(notification: _Notification) -> tuple[str, str] | None:
    """The calendar part of an invitation e-mail (``apps.notifications.emails.register_email_part``):
    ``(text, "text/calendar; method=…")``, from the planned session as it is now."""
    planned_id = _planned_id(notification.link)
    if planned_id is None:
        return None
    planned = (
        PlannedSession.objects.select_related("supervisor", "organisation")
        .prefetch_related("agreements__supervisee")
        .filter(pk=planned_id)
        .first()
    )
    if planned is None:
        return None
    cancel = notification.kind == CANCELLED or planned.status == PlannedSession.Status.CANCELLED
    return invitation(planned, cancel=cancel).decode(), f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}"


def invite(planned: PlannedSession, *, kind: str) -> None:
    """Tell (and e-mail, with the calendar part) every person ``planned`` covers, whoever acted
    too: their calendar needs the meeting as much as anyone's. ``planned`` has its supervisor,
    organisation and agreements' supervisees loaded."""
    local = planned.starts_at.astimezone(org_zone(planned.organisation))
    when = prose_datetime(local)
    messages = {
        PLANNED: f"Supervision planned for {when}; the invitation is in your e-mail.",
        CHANGED: f"Planned supervision changed: it is now {when}.",
        CANCELLED: f"Planned supervision of {when} was cancelled.",
    }
    for person in attendees_of(planned):
        notify(recipient=person, kind=kind, message=messages[kind], link=planned_link(planned), email=True)
