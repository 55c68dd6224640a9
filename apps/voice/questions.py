"""The pulse's fixed questions, kept as data (``data/pulse-questions.yaml``)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CURRENT_SET = "peer-role-1"
READINESS_SET = "host-readiness-1"
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"}
QUESTION_COUNT = 5


@dataclass(frozen=True)
class Question:
    number: int
    key: str
    text: str


@cache
def _load() -> dict:
    raw = yaml.safe_load((Path(__file__).resolve().parent / "data" / "pulse-questions.yaml").read_text("utf-8"))
    sets = {}
    for name, items in raw.items():
        questions = tuple(Question(i, item["key"], item["text"]) for i, item in enumerate(items, start=1))
        if len(questions) != QUESTION_COUNT:
            raise ValueError(f"Pulse question set {name} must have exactly {QUESTION_COUNT} questions.")
        sets[name] = questions
    return sets


def questions(question_set: str = CURRENT_SET) -> tuple[Question, ...]:
    return _load()[question_set]
