"""The periods "My hours" totals over: this month, quarter or year (in the organisation's zone),
or a custom range; and the months-back arithmetic of a profile's window."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PERIODS = ("month", "quarter", "year", "custom")
PERIOD_LABELS = {"month": "This month", "quarter": "This quarter", "year": "This year", "custom": "Choose dates"}
# A custom range spans at most this many days (a career, not a query that scans forever).
MAX_RANGE_DAYS = 366 * 50


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(end: date, months: int) -> date:
    """The first day of the ``months`` ending on ``end`` (inclusive): 24 months to 2 Dec 2026
    start on 3 Dec 2024."""
    return months_before(end, months) + timedelta(days=1)


def period_range(period: str, today: date) -> tuple[date, date]:
    """The calendar month, quarter or year holding ``today``: first to last day."""
    if period == "month":
        start = today.replace(day=1)
        end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    elif period == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        last_month = first_month + 2
        end = date(today.year, last_month, calendar.monthrange(today.year, last_month)[1])
    elif period == "year":
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    else:
        raise ValueError(f"Unknown period {period!r}")
    return start, end


def check_range(start: date | None, end: date | None) -> dict[str, str]:
    """Errors of a custom range, by field (empty when it is fine)."""
    errors = {}
    if start is None:
        errors["date_after"] = "Give the first day of the range."
    if end is None:
        errors["date_before"] = "Give the last day of the range."
    if start and end:
        if start > end:
            errors["date_before"] = "The last day cannot be before the first day."
        elif (end - start).days > MAX_RANGE_DAYS:
            errors["date_before"] = "Choose a range of at most 50 years."
    return errors
