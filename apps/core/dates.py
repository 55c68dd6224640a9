"""Dates in an organisation's own time zone: every "due" date is computed here."""

from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone


class InTimeZone(Protocol):
    """An organisation, typed structurally: core sits below accounts and does not import it."""

    time_zone: str


def org_zone(organisation: InTimeZone) -> ZoneInfo:
    return ZoneInfo(organisation.time_zone)


def org_today(organisation: InTimeZone, *, now: datetime | None = None) -> date:
    """Today's date where the organisation is, not where the server is."""
    return timezone.localdate(now or timezone.now(), timezone=org_zone(organisation))


def org_day_start(organisation: InTimeZone, day: date) -> datetime:
    """The aware instant at which ``day`` begins in the organisation's zone (DST-correct)."""
    return datetime.combine(day, time.min, tzinfo=org_zone(organisation))
