"""The wellness plan's part of the step-away form (``apps.wellbeing.step_away_parts``).

When the worker steps away, the people they chose read the sections they chose for that
moment (``PlanReader.away_sections``), and stop when the worker returns (the read rule looks
at the worker's status, so nothing has to be undone). On the step-away form the worker
confirms or adjusts, in one place, who reads what while they are away.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.wellbeing.step_away_parts import StepAwayPart, register_step_away_part
from apps.wellness_plans import services
from apps.wellness_plans.models import PlanReader
from apps.wellness_plans.sections import Section
from apps.wellness_plans.selectors import my_plan, my_readers, people_to_name

MARKER = "wellness_plan_part"


def context(user: User) -> dict[str, Any] | None:
    plan = my_plan(user)
    if plan is None:
        return {"plan": None}
    rows = list(my_readers(plan))
    named = {row.reader_id for row in rows}
    return {
        "plan": plan,
        "marker": MARKER,
        "sections": Section.choices,
        "readers": [
            {"row": row, "away": set(row.away_sections or []), "always": set(row.sections or [])} for row in rows
        ],
        "people": [p for p in people_to_name(user) if p.pk not in named],
    }


def _getlist(data: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return list(getlist(key))
    value = data.get(key)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def apply(user: User, data: Mapping[str, Any]) -> None:
    """The choices posted with the step-away form (only when the form showed this part)."""
    if not data.get(MARKER):
        return
    plan = my_plan(user)
    if plan is None:
        return
    try:
        for row in PlanReader.objects.filter(plan=plan):
            services.plan_reader_set(
                actor=user, reader=row.reader_id, away_sections=_getlist(data, f"away-{row.reader_id}")
            )
        new_reader = (data.get("away-new-reader") or "").strip()
        if new_reader:
            services.plan_reader_set(
                actor=user,
                reader=new_reader,
                away_sections=_getlist(data, "away-new-sections") or [Section.STEPPING_AWAY],
            )
    except ValidationError as exc:
        # Shown with the step-away form; the whole step away rolls back.
        messages = exc.messages
        raise ValidationError([f"Wellness plan: {m}" for m in messages]) from exc


def register() -> None:
    register_step_away_part(
        StepAwayPart(
            name="wellness_plan",
            template="wellness_plans/_step_away_part.html",
            context=context,
            apply=apply,
            opened=services.readers_told_of_step_away,
        )
    )
