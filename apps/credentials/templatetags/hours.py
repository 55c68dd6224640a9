from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """Hours as people write them: 20, 7.5, 0.25 (never 2E+1 nor 20.00)."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
