"""Calendar quarters, as the team indicators group by them: coarse enough that no session, note
or snapshot date is shown, and the same buckets on every panel that reports per quarter."""

from datetime import date

Quarter = tuple[int, int]  # (year, 1-4)


def quarter_of(day: date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today: date, count: int) -> list[Quarter]:
    """The ``count`` quarters up to and including today's, oldest first."""
    year, quarter = quarter_of(today)
    out = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(out))


def quarter_start(quarter: Quarter) -> date:
    return date(quarter[0], 3 * (quarter[1] - 1) + 1, 1)


def quarter_label(quarter: Quarter) -> str:
    """``(2026, 4)`` → "2026 Q4"."""
    return f"{quarter[0]} Q{quarter[1]}"
