"""Reading fidelity checks: the worker's own, those shared with a supervisor by name (each read
recorded), and aggregates that never go below ``VOICE_MIN_GROUP`` distinct workers.

The aggregate queries select the answer's principle and score only: a note never leaves the
database on the way to a team or organisation view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.core.capabilities import caps
from apps.core.dates import prose_date
from apps.core.selectors import get_or_404
from apps.fidelity.models import FidelityAnswer, FidelityCheck, FidelitySettings
from apps.fidelity.policies import SUPPRESSED, min_group, read_filter, supervisor_read_filter
from apps.fidelity.principles import DEFAULT_INTERVAL_DAYS, PRINCIPLES
from apps.teams.models import Membership, Team

PERIODS_SHOWN = 8  # two years of quarters


def _with_answers(qs: QuerySet[FidelityCheck]) -> QuerySet[FidelityCheck]:
    return qs.prefetch_related(
        Prefetch("answers", queryset=FidelityAnswer.objects.order_by("principle")), "readers"
    ).select_related("author")


def my_checks(user: User) -> QuerySet[FidelityCheck]:
    return FidelityCheck.objects.filter(organisation_id=org_id(user), author_id=user.pk).order_by(
        "-taken_on", "-created_at"
    )


def checks_visible_to(user: User) -> QuerySet[FidelityCheck]:
    return FidelityCheck.objects.filter(organisation_id=org_id(user)).filter(read_filter(user))


def checks_shared_with(user: User) -> QuerySet[FidelityCheck]:
    return (
        FidelityCheck.objects.filter(organisation_id=org_id(user))
        .filter(supervisor_read_filter(user))
        .select_related("author")
        .order_by("-taken_on", "-created_at")
    )


def read_checks(user: User, rows: Iterable[FidelityCheck]) -> list[FidelityCheck]:
    """Checks about to be shown to ``user`` with their answers: one read recorded per check
    ``user`` did not write, in one INSERT."""
    rows = list(rows)
    audit_reads(actor=user, targets=rows)
    return rows


def checks_shared_with_page(user: User, *, number: str | None, per_page: int) -> Page:
    page = Paginator(_with_answers(checks_shared_with(user)), per_page).get_page(number)
    page.object_list = read_checks(user, page.object_list)
    return page


def get_check_for(user: User, check_id: object) -> FidelityCheck:
    """One check the user may read (404 otherwise), its read recorded when not their own."""
    check = get_or_404(_with_answers(checks_visible_to(user)), check_id)
    read_checks(user, [check])
    return check


def answers_by_principle(check: FidelityCheck) -> list[dict[str, Any]]:
    """The check's answers in the principles' order (prefetched)."""
    by_key = {a.principle: a for a in check.answers.all()}
    return [{"principle": p, "answer": by_key.get(p.key)} for p in PRINCIPLES]


def interval_days(organisation_id: UUID) -> int:
    row = FidelitySettings.objects.filter(organisation_id=organisation_id).values_list("interval_days", flat=True)
    return next(iter(row), DEFAULT_INTERVAL_DAYS)


def next_due_for(user: User) -> date | None:
    """When the user's next check is due (their latest check's ``next_due_on``), or None before the first."""
    latest = my_checks(user).values_list("next_due_on", flat=True).first()
    return latest


def my_trend(user: User) -> dict[str, Any]:
    """The worker's own scores per principle, oldest first (for their chart and its table)."""
    checks = list(
        my_checks(user)
        .order_by("taken_on", "created_at")
        .prefetch_related(Prefetch("answers", queryset=FidelityAnswer.objects.only("principle", "score", "skipped")))
    )
    labels = [prose_date(c.taken_on) for c in checks]
    series = []
    for p in PRINCIPLES:
        data: list[int | None] = []
        for c in checks:
            answer = next((a for a in c.answers.all() if a.principle == p.key), None)
            data.append(answer.score if answer else None)
        series.append({"key": p.key, "label": p.label, "data": data})
    return {"labels": labels, "series": series, "y_min": 1, "y_max": 4}


# --- aggregates ----------------------------------------------------------------------------


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def _quarters_back(today: date, n: int) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    out = []
    for _ in range(n):
        out.append((year, quarter))
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return list(reversed(out))


def summarise(author_ids: Any, *, organisation_id: UUID, today: date) -> dict[str, Any]:
    """Per quarter (the last ``PERIODS_SHOWN``), each principle's average over the latest check
    of each worker in ``author_ids`` that quarter — shown only when at least ``min_group()``
    distinct workers answered (the quarter, and each principle on its own: "not applicable"
    could otherwise narrow a principle to fewer people). Principle and score only, never a note
    or a name."""
    quarters = _quarters_back(today, PERIODS_SHOWN)
    start = _quarter_start(*quarters[0])
    rows = (
        FidelityAnswer.objects.filter(
            fidelity_check__organisation_id=organisation_id,
            fidelity_check__author_id__in=author_ids,
            fidelity_check__taken_on__gte=start,
            fidelity_check__taken_on__lte=today,
        )
        .order_by("fidelity_check__taken_on", "fidelity_check__created_at")
        .values_list("fidelity_check_id", "fidelity_check__author_id", "fidelity_check__taken_on", "principle", "score")
    )
    # The latest check of each worker per quarter (rows come oldest first: later ones win).
    latest: dict[tuple[tuple[int, int], UUID], UUID] = {}
    scores: dict[UUID, dict[str, int | None]] = defaultdict(dict)
    for check_id, author_id, taken_on, principle, score in rows:
        latest[(quarter_of(taken_on), author_id)] = check_id
        scores[check_id][principle] = score
    needed = min_group()
    periods = []
    for quarter in quarters:
        check_ids = [cid for (q, _author), cid in latest.items() if q == quarter]
        workers = len(check_ids)  # one check per worker per quarter: distinct workers
        shown = workers >= needed
        principles = []
        for p in PRINCIPLES:
            values = [s for cid in check_ids if (s := scores[cid].get(p.key)) is not None]
            ok = shown and len(values) >= needed
            principles.append(
                {
                    "key": p.key,
                    "label": p.label,
                    "average": round(sum(values) / len(values), 2) if ok else None,
                    "answered": len(values) if ok else None,
                }
            )
        periods.append(
            {
                "period": f"{quarter[0]} Q{quarter[1]}",
                "starts_on": _quarter_start(*quarter).isoformat(),  # machine date
                "shown": shown,
                "workers": workers if shown else None,
                "message": "" if shown else SUPPRESSED,
                "principles": principles,
            }
        )
    return {"min_group": needed, "periods": periods}


def chart_of(summary: dict[str, Any]) -> dict[str, Any]:
    """The shown quarters as a chart (labels, one series per principle); suppressed ones left out."""
    shown = [p for p in summary["periods"] if p["shown"]]
    return {
        "labels": [p["period"] for p in shown],
        "series": [
            {"key": pr.key, "label": pr.label, "data": [p["principles"][i]["average"] for p in shown]}
            for i, pr in enumerate(PRINCIPLES)
        ],
        "y_min": 1,
        "y_max": 4,
    }


def team_author_ids(team: Team, today: date) -> QuerySet[Any]:
    """The team's members today (any role): whose checks make up its aggregate."""
    return Membership.objects.active(today).filter(team=team).values("worker_id")


def team_summary(user: User, team: Team) -> dict[str, Any]:
    """The caller checks ``policies.can_read_team_summary``."""
    today = caps(user).today
    return summarise(team_author_ids(team, today), organisation_id=org_id(user), today=today)


def organisation_summary(user: User) -> dict[str, Any]:
    """The caller checks ``policies.can_read_organisation_summary``."""
    today = caps(user).today
    authors = User.objects.filter(organisation_id=org_id(user)).values("pk")
    return summarise(authors, organisation_id=org_id(user), today=today)


def get_team_for_summary(user: User, team_id: object) -> Team:
    return get_or_404(Team.objects.filter(organisation_id=org_id(user)), team_id)
