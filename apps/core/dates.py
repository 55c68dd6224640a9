"""Dates in an organisation's own time zone: every "due" date is computed here."""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime, time, tzinfo
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


# The one style of prose: a date is "4 Dec 2026" (the site's DATE_FORMAT, pspteam/formats/en_GB),
# a moment is "4 Dec 2026, 14:30" in the organisation's time zone, a month is "December 2026".
# Machines get ISO (API, CSV, JSON, iCalendar, ``<time datetime>``, input values).
PROSE_DATE_FORMAT = "DATE_FORMAT"
PROSE_DATETIME_FORMAT = "j M Y, H:i"
PROSE_MONTH_FORMAT = "F Y"

# The zone of prose for the request being answered (ProseZoneMiddleware): a callable, so that the
# user is loaded only when a page actually writes a time.
prose_zone_var: ContextVar[Callable[[], str | None] | None] = ContextVar("prose_zone", default=None)


def _zone(zone: str | tzinfo | InTimeZone | None) -> tzinfo:
    if zone is None:
        lookup = prose_zone_var.get()
        name = lookup() if lookup is not None else None
        return ZoneInfo(name) if name else timezone.get_current_timezone()
    if isinstance(zone, str):
        return ZoneInfo(zone)
    if isinstance(zone, tzinfo):
        return zone
    return org_zone(zone)


def _local(value: datetime, zone: str | tzinfo | InTimeZone | None) -> datetime:
    return timezone.localtime(value, _zone(zone)) if timezone.is_aware(value) else value


def prose_date(value: date | datetime | str | None, zone: str | tzinfo | InTimeZone | None = None) -> str:
    """A date as every sentence writes it (pages, notifications, reminders, e-mails, flash
    messages): "4 Dec 2026". Never the ISO form, which is for machines. A moment is taken in
    ``zone`` (a zone name, tzinfo or organisation), by default the organisation's of the signed-in
    user (``ProseZoneMiddleware``), else the current time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO date kept in JSON (a plan's "agreed_on")
        try:
            parsed: date = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
        value = parsed
    if isinstance(value, datetime):
        value = _local(value, zone).date()
    return formats.date_format(value, PROSE_DATE_FORMAT)


def prose_datetime(value: datetime | None, zone: str | tzinfo | InTimeZone | None = None) -> str:
    """A moment as every sentence writes it: "4 Dec 2026, 14:30", in the organisation's time zone
    (see ``prose_date`` for ``zone``). A plain date is written as ``prose_date`` writes it."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return prose_date(value)
    return formats.date_format(_local(value, zone), PROSE_DATETIME_FORMAT)


def prose_month(value: date | datetime | None) -> str:
    """A month as a heading or sentence writes it: "December 2026"."""
    if value is None or value == "":
        return ""
    return formats.date_format(value, PROSE_MONTH_FORMAT)
