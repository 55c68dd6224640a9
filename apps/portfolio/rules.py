"""The red / amber / green rule of the evidence map, written once (issue 17).

Shown on the map page and in the API as written here, so the rule a worker reads is the rule
the code applies (``state_of``).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

RECENT_YEARS = 3


class State(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return {"red": "Gap", "amber": "In progress", "green": "Evidenced"}[self.value]


STATE_CHOICES = [(state.value, state.label) for state in State]


@dataclass(frozen=True)
class Rule:
    state: State
    text: str


RULES: tuple[Rule, ...] = (
    Rule(
        State.GREEN,
        f"Green (evidenced): your self-assessment is signed off by a supervisor, and at least one "
        f"piece of linked evidence is from the last {RECENT_YEARS} years.",
    ),
    Rule(
        State.AMBER,
        f"Amber (in progress): you have linked evidence or made a self-assessment, but it is not signed "
        f"off yet, or all the evidence is more than {RECENT_YEARS} years old.",
    ),
    Rule(State.RED, "Red (gap): no evidence linked and no self-assessment yet."),
)
RULE_TEXT = " ".join(rule.text for rule in RULES)


def recent_since(today: date) -> date:
    """The first day that counts as "in the last 3 years" (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - RECENT_YEARS)
    except ValueError:
        return today.replace(year=today.year - RECENT_YEARS, day=28)


def state_of(*, signed_off: bool, assessed: bool, evidence_dates: list[date | None], today: date) -> tuple[State, str]:
    """The state of one competency and the reason, in words, from what the worker holds."""
    since = recent_since(today)
    recent = [d for d in evidence_dates if d is not None and d >= since]
    if signed_off and recent:
        return State.GREEN, f"Signed off, with evidence from the last {RECENT_YEARS} years."
    if evidence_dates or assessed:
        if signed_off:
            return State.AMBER, f"Signed off, but no linked evidence from the last {RECENT_YEARS} years."
        if assessed and evidence_dates:
            return State.AMBER, "Evidence linked and self-assessed; not signed off yet."
        if assessed:
            return State.AMBER, "Self-assessed; no evidence linked and not signed off yet."
        return State.AMBER, "Evidence linked; not self-assessed or signed off yet."
    return State.RED, "Nothing yet: no evidence linked and no self-assessment."
