"""Evidence links in a worker's export, and their erasure (issue 17, part 8).

The export names what each link points at in the worker's own words (the record's label, e.g. a
reflection's title); the records themselves are in their own apps' sections.
"""

from typing import Any

from apps.accounts.models import User
from apps.core.readable import Readable
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink


def export(user: User) -> dict[str, Any]:
    links = list(
        EvidenceLink.objects.filter(worker=user)
        .select_related("competency", "competency__framework")
        .order_by("created_at")
    )
    labels: dict[tuple[str, Any], str] = {}
    for kind in EVIDENCE_KINDS:
        ids = [link.object_id for link in links if link.kind == kind.key]
        if ids:
            for record in kind.linkable(user).filter(pk__in=ids):
                labels[(kind.key, record.pk)] = kind.describe(record)
    return {
        "evidence_links": [
            {
                "framework": link.competency.framework.name,
                "competency": f"{link.competency.code} {link.competency.title}",
                "kind": link.kind,
                "record": labels.get((link.kind, link.object_id), "(no longer available)"),
                "record_id": str(link.object_id),
                "linked_at": link.created_at.isoformat(),
            }
            for link in links
        ]
    }


def erase(worker: User) -> None:
    """Delete the worker's links (the records they point at are erased by their own apps)."""
    EvidenceLink.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Portfolio evidence",
    labels={
        "evidence_links": "Evidence linked to competencies",
        "framework": "Framework",
        "competency": "Competency",
        "kind": "Kind",
        "record": "Record",
        "linked_at": "Linked",
    },
    values={
        "kind": {
            "reflection": "Reflection",
            "supervision_session": "Supervision session",
            "training_record": "Training",
            "assessment": "Signed-off self-assessment",
            "external_feedback": "External feedback",
        }
    },
    hidden=frozenset({"id", "record_id"}),
)
