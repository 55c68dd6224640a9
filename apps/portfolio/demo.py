"""Demo portfolio: the demo peer has linked a reflection, a supervision session and a training
record as evidence, so "My portfolio" shows red, amber and green at once (LE1 is signed off in
the competencies demo, so with a recent reflection it is green). Idempotent: a link that exists
is left as it is."""

from apps.competencies.models import Competency
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink
from apps.portfolio.services import evidence_link

# competency code, kind, which of the worker's records (newest first)
LINKS = [
    ("LE1", "reflection", 0),
    ("LE1", "supervision_session", 0),
    ("BS2", "reflection", 1),
    ("WT1", "training_record", 0),
]


def seed(ctx) -> None:
    worker = ctx.people.get("peer")
    if worker is None:
        return
    competencies = {
        c.code: c
        for c in Competency.objects.filter(
            framework__organisation__isnull=True, framework__slug="pspteam-peer-practice"
        )
    }
    made = 0
    for code, kind_key, index in LINKS:
        kind = EVIDENCE_KINDS.get(kind_key)
        competency = competencies.get(code)
        if kind is None or competency is None:
            continue
        records = sorted(kind.linkable(worker), key=lambda r: str(kind.dated(r)), reverse=True)
        if len(records) <= index:
            continue
        record = records[index]
        if EvidenceLink.objects.filter(
            worker=worker, competency=competency, kind=kind_key, object_id=record.pk
        ).exists():
            continue
        evidence_link(actor=worker, competency=competency, kind=kind_key, object_id=record.pk)
        made += 1
    if made:
        ctx.note(f"{made} portfolio evidence links")
