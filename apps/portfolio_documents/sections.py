"""The sections a worker may put in a portfolio PDF: each one small function.

A section takes the :class:`Build` (whose document, which dates, which reflections were picked)
and returns its template's context; it may add to ``build.facts``, the snapshot a third party
confirms on the verification page — names, dates and totals only, never anything anyone wrote.
A section reads the worker's own records only (the worker asked for their own document), and
never a supervision record's text or a boundary note.

To add a section: a function decorated with :func:`section` and its template
``templates/portfolio_documents/pdf/_<key>.html``. The form offers sections in this order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q

from apps.accounts.models import User
from apps.competencies.models import Assessment, Competency, SignOff, TrainingRecord
from apps.core.hours import hours_text
from apps.credentials.selectors import hours_summary
from apps.portfolio.rules import RULES
from apps.portfolio.selectors import evidence_map as portfolio_evidence_map
from apps.portfolio.selectors import frameworks_for_map
from apps.reflections.frameworks import get_framework
from apps.reflections.models import Reflection
from apps.supervision.models import SupervisionSession


@dataclass
class Build:
    worker: User
    starts_on: date
    ends_on: date
    made_on: date
    reflections: list[Reflection] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str  # what the form says the section holds
    build: Callable[[Build], dict[str, Any]]
    picked: bool = False  # True: included when the worker picks entries for it, not by a tick

    @property
    def template(self) -> str:
        return f"portfolio_documents/pdf/_{self.key}.html"


SECTIONS: dict[str, Section] = {}


def section(key: str, title: str, hint: str, *, picked: bool = False) -> Callable:
    def register(build: Callable[[Build], dict[str, Any]]) -> Callable[[Build], dict[str, Any]]:
        assert key not in SECTIONS, f"section {key!r} twice"
        SECTIONS[key] = Section(key, title, hint, build, picked)
        return build

    return register


def ticked_sections() -> list[Section]:
    """The sections the form offers as tick boxes (picked ones follow from what is picked)."""
    return [s for s in SECTIONS.values() if not s.picked]


def _hours(minutes: int) -> str:
    """ "12.5 hours" from minutes (two decimals at most: 40 minutes is "0.67 hours")."""
    return hours_text((Decimal(minutes) / 60).quantize(Decimal("0.01")))


# --- the sections -------------------------------------------------------------------------------


@section("profile", "About me", "Your name, job title, organisation and the dates this document covers.")
def profile(build: Build) -> dict[str, Any]:
    worker = build.worker
    return {
        "name": worker.display_name,
        "job_title": worker.job_title,
        "kind": worker.get_worker_kind_display(),
        "organisation": worker.organisation.name if worker.organisation else "",
    }


@section(
    "evidence_map",
    "Evidence map",
    "Each competency of the frameworks your organisation uses: red, amber or green by the written rule, "
    "and the kind and date of the evidence you linked. Reflections and feedback are named by kind only.",
)
def evidence_map(build: Build) -> dict[str, Any]:
    maps: list[dict[str, Any]] = []
    for framework in frameworks_for_map(build.worker):
        # As it stood at the end of the dates chosen; the worker reads their own map.
        result = portfolio_evidence_map(build.worker, framework, build.worker, today=build.ends_on)
        rows = []
        for row in result.rows:
            items = [
                {
                    "kind": item.kind_label,
                    # A private record (a reflection, feedback) is named by its kind only: its
                    # title is text the worker wrote or was sent, and goes in only if picked.
                    "title": "" if item.audited else item.title,
                    "dated_on": item.dated_on,
                }
                for item in row.items
                if item.dated_on is None or item.dated_on <= build.ends_on
            ]
            rows.append(
                {
                    "competency": f"{row.competency.code} {row.competency.title}",
                    "domain": row.domain.title,
                    "state": row.state.label,
                    "reason": row.reason,
                    "items": items,
                }
            )
        maps.append({"framework": framework.name, "rows": rows, "counts": result.counts})
    build.facts["evidence_map"] = [
        {"framework": m["framework"], **{k: m["counts"][k] for k in ("green", "amber", "red", "total")}} for m in maps
    ]
    return {"maps": maps, "rules": RULES}


@section(
    "hours",
    "Hours",
    "Supervision, training and practice hours in these dates, per category, and progress on the credential "
    "profiles you track. Numbers only: no practice-log notes.",
)
def hours(build: Build) -> dict[str, Any]:
    summary = hours_summary(build.worker, build.starts_on, build.ends_on)
    build.facts["hours"] = {
        "total": hours_text(summary.total),
        "categories": [{"label": c.label, "hours": hours_text(c.hours)} for c in summary.by_category if c.hours],
    }
    return {"summary": summary}


@section(
    "signed_off",
    "Signed-off competencies",
    "Each competency signed off in these dates: the framework, your level, who signed it off and when. No comments.",
)
def signed_off(build: Build) -> dict[str, Any]:
    sign_offs = SignOff.objects.filter(decision=SignOff.Decision.SIGNED_OFF).select_related("reviewer")
    assessments = (
        Assessment.objects.filter(
            worker=build.worker,
            is_current=True,
            state=Assessment.State.SIGNED_OFF,
            sign_offs__decision=SignOff.Decision.SIGNED_OFF,
            sign_offs__created_at__date__range=(build.starts_on, build.ends_on),
        )
        # Own-wellbeing items are never signed off nor shown to anyone (issue 18); one signed off
        # before it became a wellbeing item stays out of the document too.
        .exclude(competency__kind=Competency.Kind.WELLBEING)
        .distinct()
        .select_related("competency", "competency__framework", "competency__domain")
        .prefetch_related(Prefetch("sign_offs", queryset=sign_offs, to_attr="decisions"))
        .order_by("competency__framework__name", "competency__domain__position", "competency__position")
    )
    rows: list[dict[str, Any]] = []
    for assessment in assessments:
        decision = assessment.decisions[0]  # newest first (SignOff.Meta.ordering)
        # The verifier as locked when they decided (issue 17, part 4): a later change of name or
        # role, or an erased account, never rewrites a handed-over document. Sign-offs made before
        # the lock was stored fall back to the account as it is now.
        reviewer = decision.reviewer
        rows.append(
            {
                "framework": assessment.competency.framework.name,
                "competency": f"{assessment.competency.code} {assessment.competency.title}",
                "level": assessment.get_level_display(),
                "signed_off_on": decision.decided_on or decision.created_at.date(),
                "verifier": decision.reviewer_name or (reviewer.display_name if reviewer else "(a former colleague)"),
                "verifier_role": decision.reviewer_role or (reviewer.job_title if reviewer else "") or "Supervisor",
            }
        )
    build.facts["sign_offs"] = [
        {**row, "signed_off_on": row["signed_off_on"].isoformat(), "level": row["level"]}  # machine date
        for row in rows
    ]
    return {"rows": rows}


@section(
    "training",
    "Training",
    "Courses completed in these dates, or earlier and still valid then: provider, dates and expiry. No certificates.",
)
def training(build: Build) -> dict[str, Any]:
    records = (
        TrainingRecord.objects.filter(worker=build.worker, completed_on__lte=build.ends_on)
        .filter(Q(completed_on__gte=build.starts_on) | Q(expires_on__isnull=True) | Q(expires_on__gte=build.starts_on))
        .order_by("-completed_on", "course")
    )
    rows: list[dict[str, Any]] = [
        {
            "course": r.course,
            "provider": r.provider,
            "completed_on": r.completed_on,
            "expires_on": r.expires_on,
            "expired": r.expires_on is not None and r.expires_on < build.made_on,
        }
        for r in records
    ]
    build.facts["training"] = [
        {
            "course": r["course"],
            "completed_on": r["completed_on"].isoformat(),  # machine date
            "expires_on": r["expires_on"].isoformat() if r["expires_on"] else None,  # machine date
        }
        for r in rows
    ]
    return {"rows": rows}


@section(
    "supervision",
    "Supervision summary",
    "The dates, your supervisors' names and how long each session was, with totals. "
    "Nothing written in or about a session.",
)
def supervision(build: Build) -> dict[str, Any]:
    sessions = (
        SupervisionSession.objects.filter(
            agreements__supervisee=build.worker, held_on__range=(build.starts_on, build.ends_on)
        )
        .distinct()
        .prefetch_related("agreements__supervisor")
        .order_by("held_on", "created_at")
        # Only what the summary prints: never topics, agreed actions, the values check or notes.
        .only("id", "held_on", "duration_minutes", "created_at")
    )
    rows: list[dict[str, Any]] = []
    by_supervisor: dict[str, dict[str, Any]] = {}
    for s in sessions:
        names = sorted({a.supervisor.display_name for a in s.agreements.all() if a.supervisee_id == build.worker.pk})
        rows.append({"held_on": s.held_on, "supervisors": ", ".join(names), "minutes": s.duration_minutes})
        for name in names:
            seen = by_supervisor.setdefault(name, {"name": name, "sessions": 0, "minutes": 0})
            seen["sessions"] += 1
            seen["minutes"] += s.duration_minutes
    minutes = sum(r["minutes"] for r in rows)
    total_hours = _hours(minutes)
    per_supervisor = [
        {**p, "hours": _hours(p["minutes"])} for p in sorted(by_supervisor.values(), key=lambda p: p["name"])
    ]
    build.facts["supervision"] = {
        "sessions": len(rows),
        "hours": total_hours,
        "supervisors": [{"name": p["name"], "sessions": p["sessions"], "hours": p["hours"]} for p in per_supervisor],
    }
    return {"rows": rows, "count": len(rows), "hours": total_hours, "per_supervisor": per_supervisor}


@section(
    "reflections",
    "Reflections I chose",
    "Only the reflections you pick below, in full.",
    picked=True,
)
def reflections(build: Build) -> dict[str, Any]:
    entries = []
    for r in sorted(build.reflections, key=lambda r: (r.occurred_on, r.created_at)):
        framework = get_framework(r.framework)
        labels = {p.key: p.label for p in framework.prompts} if framework else {}
        order = list(labels) + [k for k in r.sections if k not in labels]
        entries.append(
            {
                "title": r.display_title,
                "occurred_on": r.occurred_on,
                "framework": framework.label if framework else "",
                "parts": [(labels.get(k, k), r.sections[k]) for k in order if r.sections.get(k)],
            }
        )
    build.facts["reflections"] = len(entries)  # how many, never what they say
    return {"entries": entries}
