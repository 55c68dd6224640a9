"""The wellness plan in its author's export, and its erasure (issue 18, item 7).

The export holds the plan, whom it is shared with (which sections, always or while away) and
every version. Erasure deletes the plan, its versions and reader choices, and removes the
erased person from other workers' reader lists (they named them; nothing of theirs is kept).
"""

from typing import Any

from apps.core.readable import Readable
from apps.wellness_plans.models import PlanReader, WellnessPlan
from apps.wellness_plans.sections import FIELD_LABELS, Section


def export(user: Any) -> dict[str, Any]:
    plan = WellnessPlan.objects.filter(author=user).first()
    if plan is None:
        return {"plan": None}
    return {
        "plan": {
            **plan.content(),
            "reviewed_on": plan.reviewed_on.isoformat(),
            "shared_with": [
                {"name": row.reader.display_name, "sections": list(row.sections), "while_away": list(row.away_sections)}
                for row in plan.plan_readers.select_related("reader").order_by("reader__display_name")
            ],
            "versions": [
                {"number": v.number, "saved_at": v.created_at.isoformat(), "content": v.content}
                for v in plan.versions.order_by("number")
            ],
        }
    }


def erase(worker: Any) -> None:
    WellnessPlan.objects.filter(author=worker).delete()
    PlanReader.objects.filter(reader=worker).delete()


READABLE = Readable(
    title="Wellness plan",
    labels={
        "plan": "My wellness plan",
        **FIELD_LABELS,
        "adjustments": "Adjustments we've agreed",
        "what": "What",
        "agreed_with": "Agreed with",
        "agreed_on": "Agreed on",
        "reviewed_on": "Last reviewed",
        "shared_with": "Shared with",
        "name": "Who",
        "sections": "Reads",
        "while_away": "Reads while I'm away",
        "versions": "Earlier versions",
        "number": "Version",
        "saved_at": "Saved",
        "content": "What it said",
    },
    values={"sections": dict(Section.choices), "while_away": dict(Section.choices)},
)
