"""``{% load prose %}``: wording helpers shared by every page and e-mail."""

from datetime import date, datetime

from django import template

from apps.core.dates import prose_date as _prose_date
from apps.core.dates import prose_datetime as _prose_datetime
from apps.core.dates import prose_month as _prose_month
from apps.core.hours import hours_number as _hours_number
from apps.core.hours import hours_text

register = template.Library()


@register.filter
def prose_date(value: date | datetime | None, zone: str | None = None) -> str:
    """``{{ agreement.next_due_on|prose_date }}`` → "4 Dec 2026", the one date of prose
    (``apps.core.dates``); a moment is taken in the organisation's time zone."""
    return _prose_date(value, zone or None)


@register.filter
def prose_datetime(value: datetime | None, zone: str | None = None) -> str:
    """``{{ note.submitted_at|prose_datetime }}`` → "4 Dec 2026, 14:30" in the organisation's
    time zone (or ``zone``, a zone name, when given)."""
    return _prose_datetime(value, zone or None)


@register.filter
def prose_month(value: date | datetime | None) -> str:
    """``{{ row.month|prose_month }}`` → "December 2026"."""
    return _prose_month(value)


@register.filter
def hours(value) -> str:
    """``{{ assignment.hours_per_week|hours }} a week`` → "37.5 hours a week" (``apps.core.hours``)."""
    return hours_text(value)


@register.filter
def hours_number(value) -> str:
    """``{{ row.assigned_hours_total|hours_number }}`` → "22.5", for a column headed in hours."""
    return _hours_number(value)
