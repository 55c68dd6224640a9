"""The dashboard's tables as rows: the CSV exports (and the printable page) use these.

Only what the dashboard page shows: names, counts, shares, dates and states.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from apps.boundaries.models import BoundaryNote
from apps.dashboard.drift_indicators import rows_of
from apps.reflections.models import Reflection

# A cell a spreadsheet would run as a formula (CSV injection): names and course titles are typed by people.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def percent(share) -> str:
    """0.4545 → "45%" (half up; ``share`` is already rounded to four places, so no double rounding)."""
    return "" if share is None else f"{int(share * 100 + 0.5)}%"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def display(value) -> str:
    """A table value as the printable page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def with_labels(tables: list[dict]) -> list[dict]:
    """Each row as ``(header, value)`` pairs, so that a stacked table on a phone can label its cells."""
    for table in tables:
        table["cells"] = [list(zip(table["headers"], map(display, row), strict=False)) for row in table["rows"]]
    return tables


def _tally(t) -> list:
    return [t["on_time"], t["late"], t["outstanding"], t["counted"], percent(t["share"])]


TALLY_HEADERS = ["On time", "Late", "Overdue, not yet held", "Counted", "Share on time"]


def boundary_notes_table(d: dict) -> dict:
    """The team's boundary notes, counted for the whole team only (never per person), or why
    they are not shown (a team under the minimum group)."""
    notes, drift = d["boundary_notes"], d["role_drift"]
    title = "Boundary notes, whole team (counts only)"
    if not notes["shown"]:
        return {"title": title, "headers": ["Not shown"], "rows": [[notes["withheld_reason"]]]}
    return {
        "title": title,
        "headers": [
            "Awaiting review",
            "Reviewed, not yet closed",
            "Open in all",
            f"“{drift['category_label']}”, last {drift['days']} days",
        ],
        "rows": [[notes["submitted"], notes["reviewed"], notes["open"], drift["total"]]],
    }


WITHHELD = "not shown (small group)"


def withheld(value):
    """A boundary-note count, or the word for one held back (a team under the minimum group)."""
    return WITHHELD if value is None else value


def team_tables(d: dict) -> list[dict]:
    """``[{"title", "headers", "rows"}]``: every table of one team's dashboard."""
    s = d["supervision"]
    receptions = [*Reflection.Reception.values, "not_recorded"]
    reception_labels = {**dict(Reflection.Reception.choices), "not_recorded": "Not recorded"}
    c = d["competencies"]
    voice = d["voice"]
    tables = [
        {
            "title": f"Supervision held on time per supervisor, last {s['weeks_counted']} weeks",
            "headers": ["Supervisor", *TALLY_HEADERS],
            "rows": [[w["supervisor"]["name"], *_tally(w)] for w in s["supervisors"]]
            + [["Whole team", *_tally(s["total"])]],
        },
        {
            "title": "Supervision on time per week",
            "headers": ["Week starting", *TALLY_HEADERS],
            "rows": [[w["week_start"], *_tally(w)] for w in s["weeks"]],
        },
        {
            "title": "Supervision agreements overdue or due soon",
            "headers": ["Supervisor", "Agreement", "State", "Next due"],
            "rows": [
                [a["supervisor"]["name"], a["agreement_name"], a["state_label"], a["next_due_on"]]
                for a in s["attention"]
            ],
        },
        {
            "title": "Peer workers with no active peer supervision",
            "headers": ["Worker"],
            "rows": [[p["name"]] for p in s["peers_without_peer_supervision"]],
        },
        {
            "title": "Contracted and assigned hours per week",
            "headers": ["Worker", "Contracted", "Assigned", "Difference", "Allocation"],
            "rows": [
                [h["worker"]["name"], h["contracted"], h["assigned"], h["difference"], h["flag_label"]]
                for h in d["hours"]["workers"]
            ],
        },
        {
            "title": "Role overlaps",
            "headers": ["Findings", "Roles compared"],
            "rows": [[d["roles"]["overlap_count"], d["roles"]["roles_compared"]]],
        },
        boundary_notes_table(d),
        {
            "title": "Reflections shared with the team per month, and how they were received",
            "headers": ["Month", *[reception_labels[r] for r in receptions], "Total"],
            "rows": [
                [f"{m['month']:%Y-%m}", *[m[r] for r in receptions], m["total"]] for m in d["reflections"]["months"]
            ],
        },
        {
            "title": "Competency sign-off against the roles held",
            "headers": [
                "Worker",
                "Required",
                "Signed off",
                "Awaiting sign-off",
                "More evidence asked for",
                "Not assessed",
            ],
            "rows": [
                [
                    w["worker"]["name"],
                    w["required"],
                    w["signed_off"],
                    w["awaiting"],
                    w["more_evidence"],
                    w["not_assessed"],
                ]
                for w in c["workers"]
            ],
        },
        {
            "title": f"Training expiring within {c['expiring_within_days']} days",
            "headers": ["Worker", "Course", "Expires on", "Days left"],
            "rows": [
                [t["worker"]["name"], t["course"], t["expires_on"], t["days_left"]] for t in c["training_expiring"]
            ],
        },
    ]
    trend = voice["trend"]
    tables.append(
        {
            "title": f"Team voice: average answer per question (pulses with at least {voice['min_group']} answers)",
            "headers": ["Question", *trend["labels"]],
            "rows": [[f"{s['label']}. {s['text']}", *s["data"]] for s in trend["series"]],
        }
    )
    if "drift_indicators" in d:
        indicators = d["drift_indicators"]
        tables.append(
            {
                "title": f"Is the peer role holding? Team indicators per quarter (from at least {indicators['min_group']} people)",
                "headers": ["Indicator", *[p["period"] for p in indicators["periods"]]],
                "rows": [[row["label"], *[c["text"] for c in row["cells"]]] for row in rows_of(indicators)],
            }
        )
    return tables


OVERVIEW_HEADERS = [
    "Team",
    "Members",
    "Peer workers",
    "Supervision on time (12 weeks)",
    "Occasions counted",
    "Overdue",
    "Due soon",
    "Peer workers without peer supervision",
    "Under-allocated",
    "Over-allocated",
    "Role overlaps",
    f"Boundary notes “{BoundaryNote.Category.ROLE_DRIFT.label}”, whole team (90 days)",
    "Boundary notes awaiting review, whole team",
    "Boundary notes reviewed, open, whole team",
    "Reflections shared (6 months)",
    "Welcomed",
    "Dismissed",
    "Competencies required",
    "Signed off",
    "Training expiring (30 days)",
    "Training expired",
    "Latest pulse average (1-5)",
]


def overview_row(d: dict) -> list:
    s = d["supervision"]
    latest = d["voice"]["latest"]
    return [
        d["team"]["name"],
        d["member_count"],
        d["peer_count"],
        percent(s["total"]["share"]),
        s["total"]["counted"],
        s["state_counts"]["overdue"],
        s["state_counts"]["due_soon"],
        len(s["peers_without_peer_supervision"]),
        d["hours"]["under_count"],
        d["hours"]["over_count"],
        d["roles"]["overlap_count"],
        withheld(d["role_drift"]["total"]),
        withheld(d["boundary_notes"]["submitted"]),
        withheld(d["boundary_notes"]["reviewed"]),
        d["reflections"]["totals"]["total"],
        d["reflections"]["totals"]["welcomed"],
        d["reflections"]["totals"]["dismissed"],
        d["competencies"]["required_total"],
        d["competencies"]["signed_off_total"],
        len(d["competencies"]["training_expiring"]),
        d["competencies"]["training_expired_count"],
        "" if latest is None else latest["mean"],
    ]


def write_csv(rows_of_rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows_of_rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def team_csv(d: dict) -> str:
    rows = [["Team dashboard", d["team"]["name"]], ["Figures as of", d["today"]], []]
    for table in team_tables(d):
        rows += [[table["title"]], table["headers"], *table["rows"], []]
    return write_csv(rows)


def overview_csv(dashboards: list[dict], today) -> str:
    return write_csv(
        [
            ["Teams side by side", f"figures as of {today.isoformat()}"],
            OVERVIEW_HEADERS,
            *[overview_row(d) for d in dashboards],
        ]
    )
