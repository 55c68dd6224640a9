"""``{% load prose %}``: wording helpers shared by every page and e-mail."""

from datetime import date, datetime

from django import template

from apps.core.dates import prose_date as _prose_date

register = template.Library()


@register.filter
def prose_date(value: date | datetime | None) -> str:
    """``{{ agreement.next_due_on|prose_date }}`` → "Fri 4 December 2026" (see ``apps.core.dates``)."""
    return _prose_date(value)
