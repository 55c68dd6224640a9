"""The principles of peer support the fidelity check asks about, in pspteam's own words.

Each principle is named as the peer-support literature names it (see README.md, "Sources");
the statements are written for this project (no licensed instrument's items). A check asks how
often, over the last few months, the statement held: the scale is about how the work and the
organisation let the principle be lived, not a mark of the worker.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Principle:
    key: str
    label: str
    statement: str


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "shared_experience",
        "Relationships built on shared lived experience",
        "I could draw on my own lived experience to build real connection with the people I support.",
    ),
    Principle(
        "mutuality",
        "Mutuality and reciprocity",
        "My working relationships went both ways: we learned from each other and gave to each other.",
    ),
    Principle(
        "shared_power",
        "Equally shared power",
        "I could work alongside people as an equal, without being asked to take charge of their lives.",
    ),
    Principle(
        "experiential_knowledge",
        "Experiential knowledge valued",
        "What I know from lived experience was taken seriously, by the people I support and by the team.",
    ),
    Principle(
        "hope_recovery",
        "Hope and recovery",
        "My work could show that recovery is possible, on each person's own terms.",
    ),
    Principle(
        "choice_control",
        "Choice and control",
        "The people I support stayed in charge of their own choices and of how we worked together.",
    ),
    Principle(
        "community",
        "Community connection",
        "I could help people connect with communities and a life beyond services.",
    ),
)

PRINCIPLE_KEYS: tuple[str, ...] = tuple(p.key for p in PRINCIPLES)
BY_KEY: dict[str, Principle] = {p.key: p for p in PRINCIPLES}

# How often the statement held, over the last few months.
SCALE: dict[int, str] = {1: "Rarely", 2: "Sometimes", 3: "Often", 4: "Nearly always"}
MIN_SCORE, MAX_SCORE = 1, 4
NOT_APPLICABLE = "not_applicable"
RATHER_NOT_SAY = "rather_not_say"
SKIPS: dict[str, str] = {NOT_APPLICABLE: "Not applicable", RATHER_NOT_SAY: "Rather not say"}
# Every answer, as the forms and the API send it.
ANSWER_CHOICES: tuple[tuple[str, str], ...] = (
    *((str(score), f"{score} — {label}") for score, label in SCALE.items()),
    *SKIPS.items(),
)
ANSWER_VALUES: tuple[str, ...] = tuple(value for value, _ in ANSWER_CHOICES)

MAX_NOTE_LENGTH = 1000
DEFAULT_INTERVAL_DAYS = 91  # about a quarter
MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS = 28, 365
# A new peer worker's first check: after their first four weeks.
FIRST_CHECK_DAYS = 28


def label(key: str) -> str:
    principle = BY_KEY.get(key)
    return principle.label if principle else key


def answer_text(score: int | None, skipped: str) -> str:
    if score is not None:
        return f"{score} — {SCALE.get(score, '')}"
    return SKIPS.get(skipped, "")
