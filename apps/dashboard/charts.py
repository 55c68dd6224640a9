"""Chart data for ``static/js/dashboard.js`` (passed with ``json_script``; the tables beside
each chart hold the same numbers for screen readers and when JavaScript is off)."""

from apps.reflections.models import Reflection

ON_TIME, LATE, OUTSTANDING = "#1f6b3a", "#a12622", "#8a5a00"
RECEPTION_COLOURS = {
    "welcomed": "#1f6b3a",
    "negotiated": "#24578f",
    "dismissed": "#a12622",
    "not_yet": "#8a919c",
    "not_recorded": "#c9ccd1",
}


def week_label(monday) -> str:
    return f"{monday.day} {monday:%b}"


def compliance_chart(supervision: dict) -> dict:
    """Stacked bars per week: on time, late, still outstanding."""
    weeks = supervision["weeks"]
    return {
        "type": "bar",
        "stacked": True,
        "yTitle": "Supervision occasions",
        "labels": [week_label(w["week_start"]) for w in weeks],
        "datasets": [
            {"label": "On time", "data": [w["on_time"] for w in weeks], "colour": ON_TIME},
            {"label": "Late", "data": [w["late"] for w in weeks], "colour": LATE},
            {"label": "Overdue, not yet held", "data": [w["outstanding"] for w in weeks], "colour": OUTSTANDING},
        ],
    }


def reflections_chart(reflections: dict) -> dict:
    months = reflections["months"]
    keys = [*Reflection.Reception.values, "not_recorded"]
    labels = {**dict(Reflection.Reception.choices), "not_recorded": "Not recorded"}
    return {
        "type": "bar",
        "stacked": True,
        "yTitle": "Reflections shared",
        "labels": [f"{m['month']:%b %Y}" for m in months],
        "datasets": [
            {"label": labels[key], "data": [m[key] for m in months], "colour": RECEPTION_COLOURS[key]} for key in keys
        ],
    }
