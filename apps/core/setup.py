"""The org admin's set-up checklist on "my day": every app registers its own steps
(``registry.register_setup_step``); this module asks whether each is done, in one query."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists

from apps.core.registry import SETUP_STEPS, SetupStep


@dataclass(frozen=True)
class StepState:
    step: SetupStep
    done: bool


def steps_done(organisation: Any) -> set[str]:
    """The keys of the registered steps the organisation has done: one query, however many
    steps (the organisation's row with one ``EXISTS`` per step), so a new step adds no round
    trip. Plain ``EXISTS`` works on PostgreSQL and on the embedded default's SQLite alike (a
    UNION of ``LIMIT 1`` probes did not: SQLite refuses LIMIT inside a compound query)."""
    if not SETUP_STEPS:
        return set()
    probes = {f"step_{i}": Exists(step.done(organisation)) for i, step in enumerate(SETUP_STEPS)}
    row = type(organisation)._default_manager.filter(pk=organisation.pk).annotate(**probes).values(*probes).get()
    return {step.key for i, step in enumerate(SETUP_STEPS) if row[f"step_{i}"]}


def setup_checklist(user: Any) -> list[StepState] | None:
    """The steps with their state for an org admin whose organisation has steps left to do;
    ``None`` for everyone else and once every step is done (the checklist goes away)."""
    if not user.is_org_admin or not len(SETUP_STEPS):
        return None
    done = steps_done(user.organisation)
    if all(step.key in done for step in SETUP_STEPS):
        return None
    return [StepState(step, step.key in done) for step in SETUP_STEPS]
