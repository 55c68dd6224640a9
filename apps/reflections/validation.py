"""The rules of a reflection's and a comment's text, written once.

The services apply them to every write (``services._apply``, ``services.comment_create``); the
forms and serializers call the same validators (``validators=[...]``) and take their bounds
from here, so a page, the API and a service can never disagree on what is accepted.
Validators raise a ``ValidationError`` with a message only: the caller names the field.
"""

from django.core.exceptions import ValidationError

from apps.reflections.frameworks import Framework

# What an author may set on an entry (services refuse any other field, naming it).
EDITABLE_FIELDS = (
    "title",
    "occurred_on",
    "framework",
    "sections",
    "perspective",
    "shared_with_team",
    "reception",
    "visibility",
    "team",
    "readers",
    "is_draft",
    "replies_open",
)
MAX_SECTION_LENGTH = 20_000
MAX_COMMENT_LENGTH = 5000


def clean_sections(framework: Framework, sections: object) -> dict[str, str]:
    """Only the framework's prompt keys, stripped, empty ones dropped, in prompt order."""
    if not isinstance(sections, dict):
        raise ValidationError("Give the sections as an object of prompt key to text.")
    unknown = sorted(str(key) for key in set(sections) - set(framework.prompt_keys))
    if unknown:
        raise ValidationError(
            f"Not a prompt of {framework.label}: {', '.join(unknown)}. "
            f"Its prompts are: {', '.join(framework.prompt_keys)}."
        )
    cleaned = {}
    for key in framework.prompt_keys:
        value = sections.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError(f"The text for “{key}” must be a string.")
        text = value.strip()
        if len(text) > MAX_SECTION_LENGTH:
            raise ValidationError(f"The text for “{key}” is longer than {MAX_SECTION_LENGTH} characters.")
        if text:
            cleaned[key] = text
    return cleaned


def validate_comment_body(body: str) -> None:
    """A comment says something, in at most ``MAX_COMMENT_LENGTH`` characters (after stripping)."""
    text = body.strip()
    if not text:
        raise ValidationError("Write a comment.")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(f"Keep a comment under {MAX_COMMENT_LENGTH} characters.")
