"""Whose feed an address is, and what it holds."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.accounts.models import User
from apps.calendar.models import CalendarFeed
from apps.calendar.services import secret_hash
from apps.core import ical
from apps.core.capabilities import caps
from apps.core.dates import org_zone
from apps.supervision.invitations import meeting_of
from apps.supervision.models import Agreement, PlannedSession
from apps.supervision.selectors import planned_sessions_of
from apps.supervision.state import State

# Planned sessions further back than this drop out of the feed.
PAST_DAYS = 90


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_owner(secret: str) -> User | None:
    """The worker whose feed ``secret`` opens, or ``None`` (unknown, replaced, turned off, or
    the person has left or their account is closed)."""
    if not secret or len(secret) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user__organisation").filter(secret_hash=secret_hash(secret)).first()
    if feed is None or not feed.user.is_active or feed.user.status == User.Status.LEFT:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user


def _due_summary(agreement: Agreement, owner: User) -> str:
    if agreement.supervisor_id == owner.pk:
        return f"Supervision due: {agreement.supervisee.display_name}"
    return f"Supervision due with {agreement.supervisor.display_name}"


def feed_calendar(owner: User) -> Calendar:
    """``owner``'s planned sessions (not cancelled, from ``PAST_DAYS`` ago) and the due dates
    of the agreements they are in, as supervisee or supervisor.

    Only times, places and names: never anything of what supervision is about. A paused
    agreement (its supervisee stepped away, or it is not in force) has no due date here, and
    nothing says why; planned sessions stay as they are, so nobody in a group session learns
    from the feed that someone stepped away (only the owner is ever shown this feed, and
    someone who stepped away or their supervisor are the people told: ``is_told_stepped_away``).
    """
    organisation = owner.organisation
    assert organisation is not None, "a feed belongs to a worker of an organisation"
    zone = org_zone(organisation)
    today = caps(owner).today
    now = timezone.now()
    cal = ical.new_calendar(zone=zone, name="pspteam: my supervision")
    ical.add_zone(cal, zone, first=today - timedelta(days=PAST_DAYS + 366), last=today + timedelta(days=2 * 366))
    planned = (
        planned_sessions_of(owner.pk, organisation.pk)
        .exclude(status=PlannedSession.Status.CANCELLED)
        .filter(starts_at__gte=now - timedelta(days=PAST_DAYS))
    )
    for session in planned:
        ical.add_meeting(cal, meeting_of(session), zone=zone, stamp=now)
    shown = (
        Agreement.objects.active(today)
        .filter(organisation_id=organisation.pk)
        .filter(Q(supervisee_id=owner.pk) | Q(supervisor_id=owner.pk))
        .with_state(today)
        .exclude(state=State.PAUSED)
        .exclude(next_due_on__isnull=True)
        .select_related("supervisee", "supervisor")
        .order_by("next_due_on")
    )
    for agreement in shown:
        link = reverse("supervision:agreement-detail", args=[agreement.pk])
        ical.add_all_day(
            cal,
            ical.AllDay(
                uid=f"supervision-due-{agreement.pk}@pspteam",
                day=agreement.next_due_on,
                summary=_due_summary(agreement, owner),
                url=f"{settings.SITE_URL}{link}",
            ),
            stamp=now,
        )
    return cal
