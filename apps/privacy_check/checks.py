"""The check as the pages and the API use it: the writer's text in, findings out, nothing kept.

Nothing here writes to the database, the audit trail, the logs or a cache; the text and the
findings live only in the request (tests/privacy_check/test_stores_nothing.py counts every
table's rows and captures every log record around a check).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join

from apps.core.capabilities import caps
from apps.privacy_check import detect

# One request checks at most this much text (a reflection's sections together are longer than
# any one field; the API takes one text at a time).
MAX_TEXT_LENGTH = 60_000
# The form field carrying "share anyway": present, the share goes ahead without a second check.
SHARE_ANYWAY = "privacy_share_anyway"


def colleague_names(user: Any) -> list[str]:
    """Everyone's name in the writer's organisation (the writer included): never reported as names
    of people the writer supports unless a word like "client" says so. One query."""
    users = get_user_model().objects.filter(organisation_id=user.organisation_id)
    return list(users.values_list("display_name", flat=True))


def check_text(user: Any, text: str) -> list[detect.Finding]:
    return detect.find(text, colleagues=colleague_names(user), today=caps(user).today)


@dataclass
class FieldFindings:
    """The findings in one field of a form, with the field's text marked up for the page."""

    name: str  # the form field's name, to link to it ("Edit")
    label: str
    text: str
    findings: list[detect.Finding] = field(default_factory=list)

    def highlighted(self) -> str:
        """The text with each finding in a <mark> that says in words what it is (never colour
        alone: the kind is written before the span, and screen readers hear it)."""
        parts: list[Any] = []
        position = 0
        for number, finding in enumerate(self.findings, start=1):
            parts.append(format_html("{}", self.text[position : finding.start]))
            parts.append(
                format_html(
                    '<mark class="finding finding--{}" id="finding-{}-{}">'
                    '<span class="finding__label">[{}: </span>{}<span class="finding__label">]</span></mark>',
                    finding.category,
                    self.name,
                    number,
                    finding.label,
                    finding.text,
                )
            )
            position = finding.end
        parts.append(format_html("{}", self.text[position:]))
        return format_html_join("", "{}", ((p,) for p in parts))


@dataclass
class Findings:
    fields: list[FieldFindings]

    @property
    def count(self) -> int:
        return sum(len(f.findings) for f in self.fields)

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def about_someone(self) -> int:
        return sum(1 for f in self.fields for x in f.findings if x.category == detect.SOMEONE_YOU_SUPPORT)

    @property
    def about_you(self) -> int:
        return self.count - self.about_someone


def check_fields(user: Any, fields: Iterable[tuple[str, str, str]]) -> Findings:
    """Check each ``(field name, label, text)``; only fields with findings are kept."""
    colleagues = colleague_names(user)
    today = caps(user).today
    checked = []
    for name, label, text in fields:
        text = text or ""
        found = detect.find(text, colleagues=colleagues, today=today) if text.strip() else []
        if found:
            checked.append(FieldFindings(name, label, text, found))
    return Findings(checked)


def shares_anyway(data: Mapping[str, Any]) -> bool:
    return bool(data.get(SHARE_ANYWAY))
