"""Hours as people write them: "25 hours", "37.5 hours", "1 hour" — never "25.0" or "37.50".

The one rule for showing hours on pages, in messages and e-mails (``{% load prose %}`` gives the
``hours`` and ``hours_number`` filters over it). The API keeps its decimal strings.
"""

from decimal import Decimal, InvalidOperation

NO_VALUE = "—"


def hours_number(value: Decimal | float | int | str | None) -> str:
    """The number alone, without trailing zeros: 22.50 → "22.5", 15.0 → "15"; none → "—"."""
    if value is None or value == "":
        return NO_VALUE
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    # normalize() writes 20 as "2E+1"; quantizing to a whole number first keeps it "20".
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return f"{number:f}"


def hours_text(value: Decimal | float | int | str | None) -> str:
    """With its unit: "25 hours", "37.5 hours", "1 hour"; none → "—"."""
    number = hours_number(value)
    if number == NO_VALUE:
        return number
    return f"{number} hour" if number == "1" else f"{number} hours"
