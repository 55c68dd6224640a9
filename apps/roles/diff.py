"""What changed between two versions of a role definition."""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from apps.core.hours import hours_text
from apps.roles.models import RoleDefinition

# Fields compared between versions, with their labels (extend here for new fields).
COMPARED_FIELDS = [
    ("title", "Title"),
    ("kind", "Kind"),
    ("purpose", "Purpose"),
    ("boundaries", "Boundaries"),
    ("hours_per_week", "Hours per week"),
    ("lived_experience", "Lived-experience expertise"),
]

# Unmatched duties whose wording is at least this similar count as "reworded", not removed + added.
REWORDED_RATIO = 0.6


def text_segments(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff as ``[(op, text)]`` with op ``same`` / ``removed`` / ``added``."""
    old_words, new_words = (old or "").split(), (new or "").split()
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("added", " ".join(new_words[j1:j2])))
    return segments


@dataclass
class FieldChange:
    name: str
    label: str
    old: object
    new: object
    segments: list = field(default_factory=list)


@dataclass
class DutyChange:
    change: str  # "added" | "removed" | "changed" | "unchanged"
    old: object = None  # Duty
    new: object = None  # Duty
    details: list = field(default_factory=list)  # e.g. ["category", "position", "wording"]
    segments: list = field(default_factory=list)


@dataclass
class VersionDiff:
    old: object
    new: object
    fields: list
    duties: list

    @property
    def has_changes(self) -> bool:
        return bool(self.fields) or any(d.change != "unchanged" for d in self.duties)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _display(definition: RoleDefinition, name: str) -> Any:
    if name == "kind":
        return definition.get_kind_display()
    if name == "hours_per_week":
        return hours_text(definition.hours_per_week)
    if name == "lived_experience":
        return "; ".join(definition.lived_experience) or "—"
    return getattr(definition, name)


def diff_versions(old: RoleDefinition, new: RoleDefinition) -> VersionDiff:
    """Compare ``old`` and ``new`` (duties prefetched). Duties are matched by wording first,
    then unmatched ones by similar wording (reworded), and what is left is added/removed."""
    fields = []
    for name, label in COMPARED_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            segments = text_segments(before, after) if isinstance(before, str) and name != "kind" else []
            fields.append(FieldChange(name, label, _display(old, name), _display(new, name), segments))

    old_duties, new_duties = list(old.duties.all()), list(new.duties.all())
    unmatched_old = {d.pk: d for d in old_duties}
    pairs = []
    for duty in new_duties:
        match = next((o for o in unmatched_old.values() if _key(o.description) == _key(duty.description)), None)
        if match is None:
            candidates = [
                (SequenceMatcher(None, _key(o.description), _key(duty.description)).ratio(), o)
                for o in unmatched_old.values()
            ]
            candidates = [c for c in candidates if c[0] >= REWORDED_RATIO]
            if candidates:
                match = max(candidates, key=lambda c: c[0])[1]
        if match is not None:
            del unmatched_old[match.pk]
        pairs.append((match, duty))

    duties = []
    for before, after in pairs:
        if before is None:
            duties.append(DutyChange("added", new=after))
            continue
        details = []
        if _key(before.description) != _key(after.description):
            details.append("wording")
        if before.category != after.category:
            details.append("category")
        if before.position != after.position:
            details.append("position")
        segments = text_segments(before.description, after.description) if "wording" in details else []
        duties.append(DutyChange("changed" if details else "unchanged", before, after, details, segments))
    for before in unmatched_old.values():
        duties.append(DutyChange("removed", old=before))
    return VersionDiff(old, new, fields, duties)
