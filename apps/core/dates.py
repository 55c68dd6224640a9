"""Dates in an organisation's own time zone: every "due" date is computed here."""

from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import formats, timezone


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


def prose_date(value: date | datetime | None) -> str:
    """A date as every sentence writes it (pages, notifications, reminders, e-mails): the site's
    ``DATE_FORMAT``, "4 Dec 2026" (pspteam/formats/en_GB), as templates show a date by default.
    Never the ISO form, which is for machines (API, CSV, ``<time datetime>``). A datetime is
    taken in the current time zone first."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "DATE_FORMAT")
