"""Every read of the portfolio: the evidence map (issue 17).

:func:`evidence_map` is pure (no write, no audit): the pages and the API record the reads of
private titles they show with :func:`read_evidence_map`; the portfolio PDF calls
:func:`evidence_map` for the worker themselves. Its signature is kept stable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.competencies.models import Assessment, Competency, Domain, Framework
from apps.competencies.policies import can_see_details, kinds_shown
from apps.competencies.selectors import (
    frameworks_in_use,
    frameworks_visible_to,
    workers_whose_competencies_are_readable,
)
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.portfolio.evidence import EVIDENCE_KINDS, EvidenceKind
from apps.portfolio.models import EvidenceLink
from apps.portfolio.rules import RULES, Rule, State, state_of

# Gaps first: red, then amber, then green (then the framework's own order).
STATE_ORDER = {State.RED: 0, State.AMBER: 1, State.GREEN: 2}
MAX_LINKABLE_PER_KIND = 200


@dataclass(frozen=True)
class EvidenceItem:
    """One linked record, as the viewer may see it: a label and a date, never body text."""

    link_id: UUID
    kind: str
    kind_label: str
    object_id: UUID
    title: str
    dated_on: date | None
    url: str | None
    record: Any = field(repr=False, compare=False)  # the record itself (for the read audit)
    audited: bool = field(default=False, repr=False, compare=False)


@dataclass(frozen=True)
class CompetencyEvidence:
    competency: Competency
    domain: Domain
    state: State
    reason: str  # the rule's words for this competency's state
    assessment_state: str | None  # the current self-assessment's state, or None
    items: tuple[EvidenceItem, ...]  # only what the viewer may read (none for managers)


@dataclass(frozen=True)
class EvidenceMap:
    worker: User
    framework: Framework
    viewer: User
    today: date
    rules: tuple[Rule, ...]
    rows: tuple[CompetencyEvidence, ...]  # gaps first, then framework order
    domains: tuple[Domain, ...]  # every domain of the framework (the filter's choices)
    domain: Domain | None  # the domain filter applied, if any
    details: bool  # the viewer sees evidence items (the worker, their supervisors)
    counts: dict[str, int]


def readable_workers(viewer: User) -> QuerySet[User]:
    """Whose evidence map ``viewer`` may open: the same people whose competencies they read
    (themselves, supervisees, members of managed teams, everyone for org admins)."""
    return workers_whose_competencies_are_readable(viewer)


def get_readable_worker(viewer: User, worker_id: UUID | str) -> User:
    return get_or_404(readable_workers(viewer), worker_id)


def frameworks_for_map(viewer: User) -> QuerySet[Framework]:
    """The frameworks the map offers: those the organisation's roles use."""
    return frameworks_in_use(viewer).order_by("name")


def get_map_framework(viewer: User, framework_id: UUID | str | None) -> Framework:
    """A framework in use (the first by name without an id), or 404."""
    if framework_id in (None, ""):
        framework = frameworks_for_map(viewer).first()
        if framework is None:
            raise Http404("No framework is in use.")
        return framework
    return get_or_404(frameworks_for_map(viewer), framework_id)


def _valid_records(worker: User, links: Iterable[EvidenceLink]) -> dict[tuple[str, UUID], tuple[EvidenceKind, Any]]:
    """The linked records that still exist and are still the worker's to link, by (kind, id):
    one query per kind."""
    by_kind: defaultdict[str, set[UUID]] = defaultdict(set)
    for link in links:
        by_kind[link.kind].add(link.object_id)
    found: dict[tuple[str, UUID], tuple[EvidenceKind, Any]] = {}
    for key, ids in by_kind.items():
        kind = EVIDENCE_KINDS.get(key)
        if kind is None:  # a kind no longer registered: its links are left out
            continue
        for record in kind.linkable(worker).filter(pk__in=ids):
            found[(key, record.pk)] = (kind, record)
    return found


def evidence_map(
    worker: User,
    framework: Framework,
    viewer: User,
    *,
    domain: Domain | None = None,
    today: date | None = None,
) -> EvidenceMap:
    """For each active competency of ``framework``: its state by the written rule
    (``rules.RULES``) and the evidence linked to it that ``viewer`` may read.

    The state is the worker's own (worked out from everything they linked and their current
    self-assessment, the same for every reader); it carries no text, so managers and org admins
    see it as they see assessment states today. Evidence items are shown only to the worker and
    their supervisors (``competencies.policies.can_see_details``), and each only if the viewer
    may read that record by its own app's rule: linking never widens who reads it.

    A viewer who may not read the worker's competencies, or a framework not visible in the
    viewer's organisation: 404. Pure: records no read (see :func:`read_evidence_map`). A fixed
    number of queries: competencies, assessments, links, one per linked kind (two when the
    viewer is not the worker).
    """
    if worker.organisation_id != viewer.organisation_id or not readable_workers(viewer).filter(pk=worker.pk).exists():
        raise Http404("Not found.")
    if not frameworks_visible_to(viewer).filter(pk=framework.pk).exists():
        raise Http404("Not found.")
    today = today or caps(viewer).today
    domains = tuple(Domain.objects.filter(framework=framework).order_by("position"))
    # Another person's own-wellbeing items are theirs alone; organisational ones are a team's (issue 18).
    competencies = Competency.objects.filter(
        framework=framework, is_active=True, kind__in=kinds_shown(viewer.pk, worker.pk)
    ).select_related("domain")
    if domain is not None:
        competencies = competencies.filter(domain=domain)
    competencies_list = list(competencies.order_by("domain__position", "position"))
    ids = [c.pk for c in competencies_list]
    assessments = {
        a.competency_id: a
        for a in Assessment.objects.filter(worker_id=worker.pk, is_current=True, competency_id__in=ids)
    }
    links = list(EvidenceLink.objects.filter(worker_id=worker.pk, competency_id__in=ids).order_by("created_at"))
    records = _valid_records(worker, links)
    details = can_see_details(viewer, worker.pk)
    readable: dict[str, set[Any]] = {}
    if details and viewer.pk != worker.pk:
        grouped: defaultdict[str, list[Any]] = defaultdict(list)
        for kind, record in records.values():
            grouped[kind.key].append(record)
        readable = {key: EVIDENCE_KINDS.get(key).readable_ids(viewer, rows) for key, rows in grouped.items()}  # type: ignore[union-attr]

    per_competency: defaultdict[UUID, list[tuple[EvidenceLink, EvidenceKind, Any]]] = defaultdict(list)
    for link in links:
        found = records.get((link.kind, link.object_id))
        if found is not None:
            per_competency[link.competency_id].append((link, *found))

    rows = []
    for competency in competencies_list:
        linked = per_competency.get(competency.pk, [])
        assessment = assessments.get(competency.pk)
        state, reason = state_of(
            signed_off=assessment is not None and assessment.state == Assessment.State.SIGNED_OFF,
            assessed=assessment is not None,
            evidence_dates=[kind.dated(record) for _, kind, record in linked],
            today=today,
        )
        items: list[EvidenceItem] = []
        if details:
            for link, kind, record in linked:
                if viewer.pk != worker.pk and record.pk not in readable.get(kind.key, set()):
                    continue
                items.append(
                    EvidenceItem(
                        link_id=link.pk,
                        kind=kind.key,
                        kind_label=kind.label,
                        object_id=record.pk,
                        title=kind.describe(record),
                        dated_on=kind.dated(record),
                        url=kind.link_url(record),
                        record=record,
                        audited=kind.audited,
                    )
                )
            items.sort(key=lambda item: item.dated_on or date.min, reverse=True)
        rows.append(
            CompetencyEvidence(
                competency=competency,
                domain=competency.domain,
                state=state,
                reason=reason,
                assessment_state=assessment.state if assessment is not None else None,
                items=tuple(items),
            )
        )
    position = {c.pk: i for i, c in enumerate(competencies_list)}
    rows.sort(key=lambda row: (STATE_ORDER[row.state], position[row.competency.pk]))
    counts = {state.value: sum(1 for row in rows if row.state == state) for state in State}
    counts["total"] = len(rows)
    return EvidenceMap(
        worker=worker,
        framework=framework,
        viewer=viewer,
        today=today,
        rules=RULES,
        rows=tuple(rows),
        domains=domains,
        domain=domain,
        details=details,
        counts=counts,
    )


def read_evidence_map(viewer: User, result: EvidenceMap, *, detail: str) -> EvidenceMap:
    """``result`` about to be shown to ``viewer``: records one read per private record whose
    title a reader other than the worker sees (one INSERT). ``detail`` names the surface."""
    if viewer.pk != result.worker.pk:
        audit_reads(
            actor=viewer,
            targets=[item.record for row in result.rows for item in row.items if item.audited],
            detail=detail,
        )
    return result


# --- linking ---------------------------------------------------------------------------------


def linkable_records(worker: User) -> list[tuple[EvidenceKind, list[Any]]]:
    """What the worker may link, per kind, newest first (at most 200 of each kind)."""
    result = []
    for kind in EVIDENCE_KINDS:
        records = list(kind.linkable(worker)[: MAX_LINKABLE_PER_KIND * 2])
        records.sort(key=lambda r: kind.dated(r) or date.min, reverse=True)
        result.append((kind, records[:MAX_LINKABLE_PER_KIND]))
    return result


def get_linkable_record(
    worker: User, kind_key: str, object_id: UUID | str, *, field_name: str = "object_id"
) -> tuple[EvidenceKind, Any]:
    """The worker's own record of ``kind_key`` they may link, or a ValidationError naming the field."""
    kind = EVIDENCE_KINDS.get(kind_key)
    if kind is None:
        raise ValidationError({"kind": f"Choose one of: {', '.join(EVIDENCE_KINDS.keys())}."})
    try:
        key = object_id if isinstance(object_id, UUID) else UUID(str(object_id))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({field_name: "Send the id of one of your own records."}) from None
    record = kind.linkable(worker).filter(pk=key).first()
    if record is None:
        raise ValidationError({field_name: f"This {kind.label.lower()} does not exist, or is not yours to link."})
    return kind, record


def links_visible_to(user: User) -> QuerySet[EvidenceLink]:
    """The API list: the user's own links only (a link says what the worker chose; others read
    the map, filtered by each record's own rule)."""
    return EvidenceLink.objects.filter(organisation_id=org_id(user), worker_id=user.pk)


def get_own_link(user: User, link_id: UUID | str) -> EvidenceLink:
    return get_or_404(links_visible_to(user).select_related("competency"), link_id)


def links_of_record(worker: User, kind_key: str, object_id: UUID) -> list[EvidenceLink]:
    """The worker's links of one record (its page: "linked as evidence for ...")."""
    return list(
        EvidenceLink.objects.filter(worker_id=worker.pk, kind=kind_key, object_id=object_id)
        .select_related("competency", "competency__framework")
        .order_by("competency__framework__name", "competency__position")
    )


def competencies_for_linking(worker: User) -> QuerySet[Competency]:
    """The competencies a worker links evidence to: active ones of the frameworks in use."""
    return (
        Competency.objects.filter(framework__in=frameworks_in_use(worker), is_active=True)
        .exclude(kind=Competency.Kind.ORGANISATIONAL)
        .select_related("framework", "domain")
        .order_by("framework__name", "domain__position", "position")
    )
