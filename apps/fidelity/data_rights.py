"""Fidelity checks in a worker's export, and their erasure."""

from apps.core.readable import Readable
from apps.fidelity.models import FidelityCheck
from apps.fidelity.principles import PRINCIPLES, answer_text


def export(user) -> dict:
    checks = FidelityCheck.objects.filter(author=user).prefetch_related("answers", "readers").order_by("taken_on")
    out = []
    for check in checks:
        by_key = {a.principle: a for a in check.answers.all()}
        out.append(
            {
                "taken_on": check.taken_on.isoformat(),
                "shared_with_supervisor": check.share_with_supervisor,
                "shared_with": sorted(r.display_name for r in check.readers.all()),
                "answers": [
                    {
                        "principle": p.label,
                        "answer": answer_text(by_key[p.key].score, by_key[p.key].skipped),
                        "note": by_key[p.key].note,
                    }
                    for p in PRINCIPLES
                    if p.key in by_key
                ],
            }
        )
    return {"fidelity_checks": out}


def erase(worker) -> None:
    FidelityCheck.objects.filter(author=worker).delete()


READABLE = Readable(
    title="Peer practice checks",
    labels={
        "fidelity_checks": "Peer practice checks",
        "taken_on": "When",
        "shared_with_supervisor": "Shared with a supervisor",
        "shared_with": "Read by",
        "answers": "Answers",
        "principle": "Principle",
        "answer": "Answer",
        "note": "Note",
    },
)
