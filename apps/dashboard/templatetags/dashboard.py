from django import template

from apps.core.hours import hours_number
from apps.dashboard.exports import percent as _percent

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.75 → "75%"; no share (nothing counted) → "—"."""
    return _percent(share) or "—"


@register.filter
def hours(value) -> str:
    """Hours in a column headed in hours, without trailing zeros: 22.50 → "22.5", 15.0 → "15"
    (the one rule, ``apps.core.hours``)."""
    return hours_number(value)


@register.filter
def signed_hours(value) -> str:
    text = hours(value)
    return f"+{text}" if value and value > 0 else text.replace("-", "−")
