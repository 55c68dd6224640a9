"""The org admin's set-up checklist on "my day": every app registers its own steps
(``registry.register_setup_step``); this module asks whether each is done, in one query."""

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Value

from apps.core.registry import SETUP_STEPS, SetupStep


@dataclass(frozen=True)
class StepState:
    step: SetupStep
    done: bool


def steps_done(organisation: Any) -> set[str]:
    """The keys of the registered steps the organisation has done: one query, however many
    steps (a UNION ALL of one ``LIMIT 1`` probe per step), so a new step adds no round trip."""
    probes = [
        step.done(organisation)
        .order_by()
        .annotate(setup_step=Value(step.key, output_field=CharField()))
        .values_list("setup_step", flat=True)[:1]
        for step in SETUP_STEPS
    ]
    if not probes:
        return set()
    return set(probes[0].union(*probes[1:], all=True))


def setup_checklist(user: Any) -> list[StepState] | None:
    """The steps with their state for an org admin whose organisation has steps left to do;
    ``None`` for everyone else and once every step is done (the checklist goes away)."""
    if not user.is_org_admin or not len(SETUP_STEPS):
        return None
    done = steps_done(user.organisation)
    if all(step.key in done for step in SETUP_STEPS):
        return None
    return [StepState(step, step.key in done) for step in SETUP_STEPS]
