"""The sections of a wellness action plan, in the worker's own words, and the rules of their input.

Written once: the model, forms, serializers, services, pages and export take the names, labels
and bounds from here, so a page, the API and a service give one answer with one message.

The sections follow the idea of Mind's "Wellness Action Plan" and Mary Ellen Copeland's WRAP
(see README): the wording here is the project's own.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

MAX_SECTION_LENGTH = 4000
MAX_ADJUSTMENTS = 20
MAX_ADJUSTMENT_WHAT = 500
MAX_ADJUSTMENT_WHO = 120
# "Reviewed at most every six months": the plan asks for a look again this many days after
# the last review (the reminder rule and the plan page read it).
REVIEW_DAYS = 182


class Section(models.TextChoices):
    """What a plan holds, in the order the plan reads. Each is shared (or not) on its own."""

    KEEPS_WELL = "keeps_well", "What keeps me well"
    EARLY_SIGNS = "early_signs", "Early signs that I'm finding things harder"
    WHAT_HELPS = "what_helps", "What helps"
    AT_WORK = "at_work", "If I become unwell at work, what to do"
    ADJUSTMENTS = "adjustments", "Adjustments we've agreed"
    CONTACTS = "contacts", "Who to contact, and who not to"
    STEPPING_AWAY = "stepping_away", "While I step away, and how I come back"


# The text fields of each section (the adjustments are a list of their own).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    Section.KEEPS_WELL: ("keeps_well",),
    Section.EARLY_SIGNS: ("early_signs",),
    Section.WHAT_HELPS: ("what_helps",),
    Section.AT_WORK: ("at_work",),
    Section.ADJUSTMENTS: (),
    Section.CONTACTS: ("contact", "do_not_contact"),
    Section.STEPPING_AWAY: ("stepping_away",),
}
TEXT_FIELDS: tuple[str, ...] = tuple(f for fields in SECTION_FIELDS.values() for f in fields)

# Prompts under each field: warm, plain, the worker's own plan (never a clinical form).
FIELD_LABELS = {
    "keeps_well": "What keeps me well",
    "early_signs": "Early signs that I'm finding things harder",
    "what_helps": "What helps when I notice them",
    "at_work": "If I become unwell at work, what I'd like to happen",
    "contact": "Who to contact",
    "do_not_contact": "Who not to contact",
    "stepping_away": "While I step away, and how I'd like to come back",
}
FIELD_HELP = {
    "keeps_well": "Things that help you stay well day to day: people, routines, places, time for yourself.",
    "early_signs": "What you, or people who know you, might notice first.",
    "what_helps": "What others can do, and what you can do, when those signs show.",
    "at_work": "What you'd like colleagues to do, and what you'd rather they didn't.",
    "contact": "Names, roles or numbers; only what you want here.",
    "do_not_contact": "Anyone you'd rather wasn't contacted.",
    "stepping_away": "Keeping in touch or not, who covers your work, and what helps you come back.",
}


def clean_section_text(value: Any) -> str:
    """One section's text (stripped); raises a message-only ValidationError (the caller names the field)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("Write this as text.")
    value = value.strip()
    if "\x00" in value:
        raise ValidationError("This text contains a character that cannot be stored.")
    if len(value) > MAX_SECTION_LENGTH:
        raise ValidationError(f"Keep this under {MAX_SECTION_LENGTH} characters.")
    return value


def clean_sections(value: Any) -> list[str]:
    """A list of section codes (no repeats, in plan order); anything else is a message-only error."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set):
        raise ValidationError("Give a list of sections.")
    unknown = [v for v in value if v not in Section.values]
    if unknown:
        raise ValidationError(f"Choose from: {', '.join(Section.values)}.")
    return [s for s in Section.values if s in set(value)]


def clean_adjustments(value: Any, *, today: date) -> list[dict[str, str]]:
    """The agreed adjustments: each ``{"what", "agreed_with", "agreed_on"}`` (a date, not in the
    future); raises a message-only ValidationError."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError("Give a list of adjustments.")
    if len(value) > MAX_ADJUSTMENTS:
        raise ValidationError(f"Keep to {MAX_ADJUSTMENTS} adjustments.")
    cleaned = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValidationError(f"Adjustment {number}: give what was agreed, with whom and when.")
        unknown = set(item) - {"what", "agreed_with", "agreed_on"}
        if unknown:
            raise ValidationError(f"Adjustment {number}: unknown field {sorted(unknown)[0]!r}.")
        what, who, on = item.get("what"), item.get("agreed_with"), item.get("agreed_on")
        if not isinstance(what, str) or not what.strip():
            raise ValidationError(f"Adjustment {number}: say what was agreed.")
        if len(what.strip()) > MAX_ADJUSTMENT_WHAT or "\x00" in what:
            raise ValidationError(f"Adjustment {number}: keep it under {MAX_ADJUSTMENT_WHAT} characters.")
        if not isinstance(who, str) or not who.strip():
            raise ValidationError(f"Adjustment {number}: say who agreed it.")
        if len(who.strip()) > MAX_ADJUSTMENT_WHO or "\x00" in who:
            raise ValidationError(f"Adjustment {number}: keep who agreed it under {MAX_ADJUSTMENT_WHO} characters.")
        agreed_on: date | None
        if isinstance(on, date):
            agreed_on = on
        else:
            try:
                agreed_on = date.fromisoformat(on) if isinstance(on, str) else None
            except ValueError:
                agreed_on = None
        if agreed_on is None:
            raise ValidationError(f"Adjustment {number}: give the date it was agreed (YYYY-MM-DD).")
        if agreed_on > today:
            raise ValidationError(f"Adjustment {number}: the date it was agreed cannot be in the future.")
        agreed = agreed_on.isoformat()  # machine date
        cleaned.append({"what": what.strip(), "agreed_with": who.strip(), "agreed_on": agreed})
    return cleaned
