"""The practice log's note is a short reminder of what the time was, never anything that could
identify a person using services. Names cannot be recognised reliably, so the form says so
plainly; what can be recognised is refused: an e-mail address, a phone or record number (a run
of seven or more digits), a date of birth written out."""

import re

from django.core.exceptions import ValidationError

from apps.credentials.models import MAX_NOTE

EMAIL = re.compile(r"\S+@\S+\.\S+")
LONG_NUMBER = re.compile(r"(?:\d[\s-]?){7,}")
BIRTH = re.compile(r"\b(?:dob|d\.o\.b|born)\b", re.IGNORECASE)

NOTE_HELP = (
    "Optional, a few words about the kind of work (e.g. “drop-in group”). Never a name, initials, "
    "contact details or anything else that could identify a person you support."
)


def clean_note(value: str | None) -> str:
    note = " ".join((value or "").split())
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE} characters."})
    if EMAIL.search(note) or LONG_NUMBER.search(note) or BIRTH.search(note):
        raise ValidationError(
            {"note": "Leave out contact details, numbers and dates of birth: the note must not identify anyone."}
        )
    return note
