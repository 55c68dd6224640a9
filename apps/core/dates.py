"""Dates in an organisation's own time zone: every "due" date is computed here."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone


def org_zone(organisation) -> ZoneInfo:
    return ZoneInfo(organisation.time_zone)


def org_today(organisation, *, now: datetime | None = None) -> date:
    """Today's date where the organisation is, not where the server is."""
    return timezone.localdate(now or timezone.now(), timezone=org_zone(organisation))


def org_day_start(organisation, day: date) -> datetime:
    """The aware instant at which ``day`` begins in the organisation's zone (DST-correct)."""
    return datetime.combine(day, time.min, tzinfo=org_zone(organisation))
