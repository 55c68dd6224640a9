"""The author's perspective exchanges over time: per month, how the team received them."""

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.http import AuthenticatedRequest
from apps.core.capabilities import caps
from apps.reflections import selectors
from apps.reflections.models import Reflection

RECEPTION_COLOURS = {
    Reflection.Reception.WELCOMED: "#1f6b3a",
    Reflection.Reception.NEGOTIATED: "#24578f",
    Reflection.Reception.DISMISSED: "#a12622",
    Reflection.Reception.NOT_YET: "#8a919c",
}


def _last_months(today: date, count: int = 12) -> list[date]:
    """The first day of each of the ``count`` months up to ``today``'s, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def exchanges(request: AuthenticatedRequest) -> HttpResponse:
    """My perspective exchanges per month and how they were received (last 12 months)."""
    months = _last_months(caps(request.user).today)
    counts = selectors.exchanges_by_month(request.user, since=months[0])
    receptions = list(Reflection.Reception)
    rows: list[dict[str, Any]] = []
    for month in months:
        cells = [counts.get((month, r.value), 0) for r in receptions]
        rows.append({"month": month, "cells": cells, "total": sum(cells)})
    chart = {
        "labels": [m.strftime("%b %Y") for m in months],
        "datasets": [
            {
                "key": r.value,
                "label": r.label,
                "colour": RECEPTION_COLOURS[r],
                "data": [row["cells"][i] for row in rows],
            }
            for i, r in enumerate(receptions)
        ],
    }
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(receptions))]
    return render(
        request,
        "reflections/exchanges.html",
        {
            "rows": rows,
            "receptions": receptions,
            "chart": chart,
            "totals": totals,
            "grand_total": sum(totals),
        },
    )
