"""The rules of a check-in's and a step-away's input, written once.

The services apply them to every write; the forms and serializers call the same validators
(``validators=[...]``) and take their bounds from here, so a page, the API and a service give
one answer with one message. Validators raise a ``ValidationError`` with a message only: the
caller names the field.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

MIN_MOOD, MAX_MOOD = 1, 5
MAX_NOTE_LENGTH = 2000
MAX_MESSAGE_LENGTH = 2000
MAX_STEP_AWAY_DAYS = 366
# Support contacts (an org setting): a name, how to reach them, when they are there.
MAX_CONTACT_NAME = 120
MAX_CONTACT_HOW = 300
MAX_CONTACT_WHEN = 120
# A check-in this low or lower is answered with what might help (issue 15, item 5).
LOW_MOOD = 2


def validate_mood(mood: object) -> None:
    """A mood is optional (``None``); given, it is a whole number on the scale."""
    if mood is None:
        return
    if isinstance(mood, bool) or not isinstance(mood, int) or not MIN_MOOD <= mood <= MAX_MOOD:
        raise ValidationError(f"Choose a mood from {MIN_MOOD} (very low) to {MAX_MOOD} (very good).")


def validate_note(note: str) -> None:
    """A check-in's note (after stripping)."""
    if len(note.strip()) > MAX_NOTE_LENGTH:
        raise ValidationError(f"Keep the note under {MAX_NOTE_LENGTH} characters.")


def validate_something_said(mood: int | None, note: str, helping: str) -> None:
    """A check-in says something: a mood, a note, or what's helping."""
    if mood is None and not note.strip() and not helping.strip():
        raise ValidationError("Choose a number, or write a few words about how you are.")


def validate_message(message: str) -> None:
    """A step-away message to the supervisors (after stripping)."""
    if len(message.strip()) > MAX_MESSAGE_LENGTH:
        raise ValidationError(f"Keep the message under {MAX_MESSAGE_LENGTH} characters.")


def clean_return_date(until: date | None, today: date) -> date:
    """A planned return: given, after today, within a year (it can be extended later)."""
    if until is None:
        raise ValidationError("Give a planned return date (you can change it later).")
    if until <= today:
        raise ValidationError("The planned return date must be after today.")
    if until > today + timedelta(days=MAX_STEP_AWAY_DAYS):
        raise ValidationError("Choose a date within a year; you can extend it later.")
    return until


def clean_contact_text(value: object, *, limit: int, required: bool, what: str) -> str:
    """One text of a support contact: stripped, within ``limit``, given when ``required``."""
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationError(f"Give {what}.")
    if len(text) > limit:
        raise ValidationError(f"Keep {what} under {limit} characters.")
    return text
