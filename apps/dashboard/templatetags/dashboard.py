from decimal import Decimal

from django import template

from apps.dashboard.exports import percent as _percent

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.75 → "75%"; no share (nothing counted) → "—"."""
    return _percent(share) or "—"


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 22.50 → "22.5", 15.0 → "15"."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


@register.filter
def signed_hours(value) -> str:
    text = hours(value)
    return f"+{text}" if value and value > 0 else text.replace("-", "−")
