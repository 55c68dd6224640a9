"""Patterns for decimals that travel as strings, matching the values the server takes.

A decimal travels as a string, so ``minimum``/``maximum`` say nothing to a validator, and
drf-spectacular's own pattern (``^-?\\d{0,N}(?:\\.\\d{0,D})?$``) even matches ``""``: a client
(and schemathesis) then sent "", "0" for a field from 0.25, or "80.5" for one up to 80, and learnt
from a 400 a rule the schema could have stated. These patterns state it: a digit required, within
the bounds, at most the field's decimal places.
"""

from __future__ import annotations

from decimal import Decimal


def whole_numbers(start: int, top: int) -> str:
    """A regex (no anchors) for the whole numbers ``start``..``top`` (``start`` 0 or 1), written
    without leading zeros."""
    text = str(top)
    if len(text) == 1:
        return str(top) if start == top else f"[{start}-{top}]"
    parts = [r"\d" if start == 0 else "[1-9]"]
    parts += [rf"[1-9]\d{{{length - 1}}}" for length in range(2, len(text))]
    for i, digit in enumerate(text):
        lowest, upper = (1 if i == 0 else 0), int(digit) - 1
        if upper >= lowest:
            rest = len(text) - i - 1
            span = str(lowest) if upper == lowest else f"[{lowest}-{upper}]"
            parts.append(text[:i] + span + (rf"\d{{{rest}}}" if rest > 1 else r"\d" * rest))
    parts.append(text)
    return "|".join(parts)


def fractions_from(low: Decimal, places: int) -> str:
    """A regex for fraction digits (1..``places`` of them) whose value is at least ``low``."""
    parts = []
    for length in range(1, places + 1):
        # The qualifying fractions of this length, grouped by all but their last digit.
        groups: dict[str, list[int]] = {}
        for n in range(10**length):
            digits = str(n).zfill(length)
            if Decimal("0." + digits) >= low:
                groups.setdefault(digits[:-1], []).append(int(digits[-1]))
        for head, lasts in groups.items():
            if len(lasts) == 10:
                last = r"\d"
            elif len(lasts) > 1:
                last = f"[{lasts[0]}-{lasts[-1]}]"
            else:
                last = str(lasts[0])
            parts.append(head + last)
    return "|".join(parts)


def decimal_pattern(*, low: Decimal | None, high: Decimal | None, places: int, max_digits: int) -> str:
    """The anchored pattern for a decimal from ``low`` to ``high`` with at most ``places``
    decimal places and ``max_digits`` digits in all. Exact for the bounds this project uses
    (``low`` from 0 and below 1, ``high`` a whole number or none); for any other bounds, the
    sign, digits and places only (a digit is still required)."""
    fraction = rf"\.\d{{1,{places}}}" if places else ""
    # After whole digits the point may end the number ("5."): DRF takes it, so the schema does.
    optional_fraction = rf"(?:\.\d{{0,{places}}})?" if places else ""
    whole_digits = max_digits - places
    exact = low is not None and 0 <= low < 1 and (high is None or (high % 1 == 0 and high >= 1))
    if not exact:
        sign = "" if low is not None and low >= 0 else "-?"
        alternatives = rf"\d{{1,{whole_digits}}}{optional_fraction}" + (f"|{fraction}" if places else "")
        return rf"^{sign}(?:{alternatives})$"
    parts = []
    if high is None:
        first = "[1-9]" if low else r"\d"
        parts.append(rf"0*{first}\d{{0,{whole_digits - 1}}}{optional_fraction}")
    else:
        top = int(high)
        start = 1 if low else 0
        if top - 1 >= start:
            parts.append(rf"0*(?:{whole_numbers(start, top - 1)}){optional_fraction}")
        parts.append(rf"0*{top}" + (rf"(?:\.0{{0,{places}}})?" if places else ""))
    if low and places:
        parts.append(rf"0*\.(?:{fractions_from(low, places)})")
    elif places:
        parts.append(rf"0*{fraction}")
    return f"^(?:{'|'.join(parts)})$"
