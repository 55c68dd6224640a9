"""``{% load prose %}``: wording helpers shared by every page and e-mail."""

from datetime import date, datetime

from django import template

from apps.core.dates import prose_date as _prose_date
from apps.core.hours import hours_number as _hours_number
from apps.core.hours import hours_text

register = template.Library()


@register.filter
def prose_date(value: date | datetime | None) -> str:
    """``{{ agreement.next_due_on|prose_date }}`` → "Fri 4 December 2026" (see ``apps.core.dates``)."""
    return _prose_date(value)


@register.filter
def hours(value) -> str:
    """``{{ assignment.hours_per_week|hours }} a week`` → "37.5 hours a week" (``apps.core.hours``)."""
    return hours_text(value)


@register.filter
def hours_number(value) -> str:
    """``{{ row.assigned_hours_total|hours_number }}`` → "22.5", for a column headed in hours."""
    return _hours_number(value)
