from django import template

from apps.core.hours import hours_number
from apps.dashboard.exports import percent as _percent

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.75 → "75%"; no share (nothing counted) → "—"."""
    return _percent(share) or "—"


@register.filter
def signed_hours(value) -> str:
    """A difference in hours, signed: +2.5, −4 (the number rule is ``apps.core.hours``; the
    number alone is prose's ``|hours_number``)."""
    text = hours_number(value)
    return f"+{text}" if value and value > 0 else text.replace("-", "−")
