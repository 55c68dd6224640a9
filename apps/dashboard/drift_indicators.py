"""Team-level role-drift indicators over time (issue 18, item 2): about the organisation, never
a named worker. Per quarter (the last ``QUARTERS_SHOWN``), each figure shown only when the group
it is counted over has at least ``VOICE_MIN_GROUP`` people, otherwise "not enough people":

* ``peer_share`` — the peer-distinct part of the team's peer workers' duty hours (their latest
  snapshot in the quarter, hours added up; ``apps.drift``), over the peer workers measured;
* ``clinical_absorbing`` — the reverse: the peer-distinct part of the team's clinical staff's
  duty hours, over the clinical staff measured;
* ``drift_findings`` — role-drift findings (one per occurrence: the copy sent to the worker),
  over the team's peer workers;
* ``non_peer_work_notes`` — boundary notes "asked to do non-peer work" by the date they
  happened, over the people who write notes (peer workers and anyone in supervision), the
  dashboard's boundary-note rule;
* ``values_concerns`` — values named "getting in the way" in supervision values checks
  (``apps.supervision.values_indicator``, its own minimum-group rule);
* ``fidelity_average`` — the average of the peer practice check's principle averages
  (``apps.fidelity``, its own minimum-group rule).

Counted over the team's current members. Only ids, kinds, dates, hours and scores are selected:
never a note's text, a check's note, a session's words or a name.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any
from uuid import UUID

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import caps
from apps.core.quarters import last_quarters, quarter_label, quarter_of, quarter_start
from apps.drift.models import DriftSnapshot
from apps.drift.policies import SUPPRESSED, min_group, threshold_percent
from apps.fidelity.selectors import team_summary
from apps.reminders.models import Reminder
from apps.supervision.models import Agreement
from apps.supervision.values_indicator import team_values_indicator
from apps.teams.models import Membership, Team

QUARTERS_SHOWN = 8
FINDING_KINDS = ("role_drift_share_low", "role_drift_clinical_duty")
FIGURES = {
    "peer_share": "Peer-distinct share of peer workers' duty hours",
    "clinical_absorbing": "Peer-distinct share of clinical staff's duty hours",
    "drift_findings": "Role-drift findings",
    "non_peer_work_notes": f"Boundary notes “{BoundaryNote.Category.ROLE_DRIFT.label}”",
    "values_concerns": "Values named as getting in the way in supervision",
    "fidelity_average": "Peer practice check, average (1-4)",
}


def can_read(user: User, team_id: UUID) -> bool:
    """The team's members (the overlap report's readers), its managers and org admins."""
    my = caps(user)
    return my.can_manage_team(team_id) or my.is_member_of(team_id)


def _figure(value: Any, people: int, needed: int) -> dict[str, Any]:
    shown = people >= needed
    return {"shown": shown, "value": value if shown else None, "message": "" if shown else SUPPRESSED}


def _share(snapshots: dict[UUID, DriftSnapshot]) -> int | None:
    total = sum((s.total_hours for s in snapshots.values()), Decimal(0))
    pd = sum((s.peer_distinct_hours for s in snapshots.values()), Decimal(0))
    return None if total <= 0 else int((pd * 100 / total).quantize(Decimal("1")))


def team_indicators(user: User, team: Team) -> dict[str, Any]:
    """The caller checks :func:`can_read`."""
    today = caps(user).today
    organisation_id = org_id(user)
    quarters = last_quarters(today, QUARTERS_SHOWN)
    start = quarter_start(quarters[0])
    needed = min_group()
    members = dict(
        Membership.objects.active(today).filter(team=team).order_by().values_list("worker_id", "worker__worker_kind")
    )
    peers = {pk for pk, kind in members.items() if kind == User.WorkerKind.PEER}
    supervised = set(
        Agreement.objects.active(today)
        .filter(organisation_id=organisation_id, supervisee_id__in=list(members))
        .values_list("supervisee_id", flat=True)
    )
    writers = peers | supervised

    # The latest snapshot of each member in each quarter (rows come oldest first: later ones win).
    latest: dict[tuple[int, int], dict[UUID, DriftSnapshot]] = defaultdict(dict)
    for snapshot in DriftSnapshot.objects.filter(
        organisation_id=organisation_id, worker_id__in=list(members), taken_on__gte=start, taken_on__lte=today
    ).order_by("taken_on"):
        latest[quarter_of(snapshot.taken_on)][snapshot.worker_id] = snapshot

    findings: dict[tuple[int, int], int] = defaultdict(int)
    for due_on in Reminder.objects.filter(
        organisation_id=organisation_id,
        kind__in=FINDING_KINDS,
        about_id__in=list(peers),
        recipient_id__in=list(peers),
        due_on__gte=start,
        due_on__lte=today,
    ).values_list("due_on", flat=True):
        findings[quarter_of(due_on)] += 1

    notes: dict[tuple[int, int], int] = defaultdict(int)
    for occurred_on in BoundaryNote.objects.filter(
        organisation_id=organisation_id,
        author_id__in=list(writers),
        category=BoundaryNote.Category.ROLE_DRIFT,
        occurred_on__gte=start,
        occurred_on__lte=today,
    ).values_list("occurred_on", flat=True):
        notes[quarter_of(occurred_on)] += 1

    values = {p["period"]: p for p in team_values_indicator(user, team)["periods"]}
    fidelity = {p["period"]: p for p in team_summary(user, team)["periods"]}

    periods = []
    for quarter in quarters:
        label = quarter_label(quarter)
        measured = latest.get(quarter, {})
        peer_snaps = {pk: s for pk, s in measured.items() if pk in peers}
        clinical_snaps = {pk: s for pk, s in measured.items() if members.get(pk) == User.WorkerKind.CLINICAL}
        value_period = values.get(label)
        fidelity_period = fidelity.get(label)
        value_counts = [v["in_the_way"] for v in value_period["values"]] if value_period else []
        averages = (
            [p["average"] for p in fidelity_period["principles"] if p["average"] is not None] if fidelity_period else []
        )
        periods.append(
            {
                "period": label,
                "peer_share": _figure(_share(peer_snaps), len(peer_snaps), needed),
                "clinical_absorbing": _figure(_share(clinical_snaps), len(clinical_snaps), needed),
                "drift_findings": _figure(findings.get(quarter, 0), len(peers), needed),
                "non_peer_work_notes": _figure(notes.get(quarter, 0), len(writers), needed),
                "values_concerns": {
                    "shown": bool(value_period and value_period["shown"]),
                    "value": sum(value_counts) if value_period and value_period["shown"] else None,
                    "message": "" if value_period and value_period["shown"] else SUPPRESSED,
                },
                "fidelity_average": {
                    "shown": bool(fidelity_period and fidelity_period["shown"] and averages),
                    "value": round(sum(averages) / len(averages), 2) if averages else None,
                    "message": "" if averages else SUPPRESSED,
                },
            }
        )
    return {
        "min_group": needed,
        "threshold": threshold_percent(),
        "figures": [{"key": key, "label": label} for key, label in FIGURES.items()],
        "periods": periods,
    }


PERCENT_FIGURES = ("peer_share", "clinical_absorbing")


def display(key: str, cell: dict[str, Any]) -> str:
    """A cell as pages and the CSV write it: the figure, "—" for none, or "not shown"."""
    if not cell["shown"]:
        return "not shown"
    if cell["value"] is None:
        return "—"
    return f"{cell['value']}%" if key in PERCENT_FIGURES else str(cell["value"])


def rows_of(indicators: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure with its cell per quarter (the pages' and CSV's table)."""
    return [
        {
            "key": f["key"],
            "label": f["label"],
            "cells": [
                {"period": p["period"], "shown": p[f["key"]]["shown"], "text": display(f["key"], p[f["key"]])}
                for p in indicators["periods"]
            ],
        }
        for f in indicators["figures"]
    ]


def team_panel(user: User, team: Team) -> dict[str, Any] | None:
    """The overlap report's section (a record panel on the team): members, managers, org admins."""
    if not can_read(user, team.pk):
        return None
    indicators = team_indicators(user, team)
    return {"indicators": indicators, "indicator_rows": rows_of(indicators)}
