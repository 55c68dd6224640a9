"""Precision and recall of the privacy check on the labelled synthetic texts (labelled_texts.yaml).

A found span counts as right when a labelled span of the same kind overlaps it (each labelled
span is matched once); a labelled span nobody found is a miss. The figures are printed
(``pytest -s``) and copied into apps/privacy_check/README.md; the floors below sit just under the
measured figures so a change that makes the check worse fails here.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from apps.privacy_check import detect

LABELLED = Path(__file__).with_name("labelled_texts.yaml")
TODAY = date(2026, 12, 2)  # the set's dates are labelled as of this day

# (precision, recall) floors, per kind and overall, set from the measured figures (README).
FLOORS = {
    "name": (0.95, 0.90),
    "nhs_number": (1.0, 1.0),
    "date_of_birth": (1.0, 1.0),
    "phone": (1.0, 1.0),
    "postcode": (1.0, 1.0),
    "address": (1.0, 1.0),
    "own_health": (1.0, 0.95),
    "overall": (0.97, 0.95),
}


def _load():
    data = yaml.safe_load(LABELLED.read_text())
    return data["default_colleagues"], data["texts"]


def _gold(entry) -> list[tuple[str, int, int]]:
    spans, text = [], entry["text"]
    for kind, snippet in entry.get("spans", []):
        start = text.find(str(snippet))
        assert start != -1, f"labelled span {snippet!r} is not in {text!r}"
        spans.append((kind, start, start + len(str(snippet))))
    return spans


def evaluate():
    colleagues, texts = _load()
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    mistakes = []
    for entry in texts:
        gold = _gold(entry)
        found = detect.find(entry["text"], colleagues=entry.get("colleagues", colleagues), today=TODAY)
        unmatched = list(gold)
        for finding in found:
            match = next(
                (g for g in unmatched if g[0] == finding.kind and finding.start < g[2] and g[1] < finding.end), None
            )
            if match:
                unmatched.remove(match)
                true_pos[finding.kind] += 1
            else:
                false_pos[finding.kind] += 1
                mistakes.append(f"wrongly found {finding.kind} {finding.text!r} in {entry['text']!r}")
        for kind, start, end in unmatched:
            false_neg[kind] += 1
            mistakes.append(f"missed {kind} {entry['text'][start:end]!r} in {entry['text']!r}")
    figures = {}
    for kind in [*detect.KINDS, "overall"]:
        if kind == "overall":
            tp, fp, fn = sum(true_pos.values()), sum(false_pos.values()), sum(false_neg.values())
        else:
            tp, fp, fn = true_pos[kind], false_pos[kind], false_neg[kind]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        figures[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall}
    return len(texts), figures, mistakes


def test_the_labelled_set_has_at_least_60_texts_with_hard_negatives():
    _, texts = _load()
    assert len(texts) >= 60
    negatives = [t for t in texts if not t.get("spans")]
    assert len(negatives) >= 15
    kinds = {kind for t in texts for kind, _ in t.get("spans", [])}
    assert kinds == set(detect.KINDS)


def test_precision_and_recall_per_kind_and_overall_are_at_least_the_floors():
    count, figures, mistakes = evaluate()
    print(f"\nPrivacy check on {count} labelled texts (as of {TODAY}):")
    print(f"{'kind':<15}{'found right':>12}{'wrongly':>9}{'missed':>8}{'precision':>11}{'recall':>8}")
    for kind, f in figures.items():
        print(f"{kind:<15}{f['tp']:>12}{f['fp']:>9}{f['fn']:>8}{f['precision']:>11.2f}{f['recall']:>8.2f}")
    for mistake in mistakes:
        print("  ", mistake)
    below = [
        f"{kind}: precision {figures[kind]['precision']:.2f} < {p} or recall {figures[kind]['recall']:.2f} < {r}"
        for kind, (p, r) in FLOORS.items()
        if figures[kind]["precision"] < p or figures[kind]["recall"] < r
    ]
    assert not below, below


@pytest.mark.parametrize(
    ("number", "valid"),
    [("943 476 5919", True), ("943 476 5918", False), ("9434765919", True), ("943-476-5919", True)],
)
def test_nhs_numbers_need_their_check_digit(number, valid):
    found = detect.find(f"Number {number} on the letter.")
    assert [f.kind for f in found] == (["nhs_number"] if valid else [])
