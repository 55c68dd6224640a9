"""How a worker's export reads as a page (issue 15, item 9).

Each app's ``data_rights.export(user)`` gives its part of the export as JSON-ready data, with
field names, enum codes and ISO timestamps: right for a download, wrong for a person. Each app
also states, with a :class:`Readable`, what its part is called and what its fields and codes
mean in words; :func:`render` turns the *same* export into headings, labels and dates. The data
is collected once (the export); this is only its rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from apps.core.dates import prose_date, prose_datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Readable:
    """What one section of the export is called and what its fields and codes mean.

    ``labels``: field name -> words, for the section's fields and those of its records (nested
    records included). ``values``: field name -> {code: words}. ``hidden``: fields shown in the
    download only (ids, which mean nothing to a reader). ``free_form``: fields whose value is a
    mapping of the person's own headings (e.g. a reflection's sections), labelled from its keys.
    """

    title: str
    labels: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset({"id"})
    free_form: frozenset[str] = frozenset()
    intro: str = ""


@dataclass(frozen=True)
class Row:
    """One labelled value; ``records`` when the value is a list of records (e.g. comments)."""

    label: str
    text: str = ""
    records: list[list[Row]] | None = None


@dataclass(frozen=True)
class Group:
    """A list of records under a heading (e.g. "Check-ins"), each a list of rows."""

    heading: str
    records: list[list[Row]]


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    rows: list[Row]
    groups: list[Group]

    @property
    def is_empty(self) -> bool:
        return not self.rows and not any(g.records for g in self.groups)


def _humanise(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def moment_text(value: str, zone: tzinfo) -> str:
    """An ISO date or timestamp of the export in words, in ``zone`` ("2 Dec 2026, 14:05");
    anything else as it is."""
    if _ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return prose_datetime(moment, zone)
    if _ISO_DATE.match(value):
        try:
            return prose_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


class _Renderer:
    def __init__(self, readable: Readable, zone: tzinfo) -> None:
        self.readable, self.zone = readable, zone

    def label(self, key: str) -> str:
        return self.readable.labels.get(key) or _humanise(key)

    def text(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        codes = self.readable.values.get(key)
        if isinstance(value, list):
            return ", ".join(self.text(key, item) for item in value)
        if codes is not None and str(value) in codes:
            return codes[str(value)]
        if isinstance(value, str):
            return moment_text(value, self.zone)
        return str(value)

    def row(self, key: str, value: Any) -> Row:
        if _is_records(value) and value:
            return Row(self.label(key), records=[self.record(item) for item in value])
        if isinstance(value, dict):
            # The person's own headings (a reflection's sections) or a small mapping.
            inner = [Row(_humanise(k), self.text(k, v)) for k, v in value.items() if v not in (None, "", [])]
            return Row(self.label(key), "—" if not inner else "", records=[inner] if inner else None)
        return Row(self.label(key), self.text(key, value))

    def record(self, data: Mapping[str, Any]) -> list[Row]:
        return [self.row(k, v) for k, v in data.items() if k not in self.readable.hidden]


def render(readable: Readable, data: Any, zone: tzinfo) -> Section:
    """The section's export ``data`` in words: rows for its single values, a group per list of
    records (a list of records at the top is one group under the section's title)."""
    renderer = _Renderer(readable, zone)
    rows: list[Row] = []
    groups: list[Group] = []
    if _is_records(data):
        groups.append(Group(readable.title, [renderer.record(item) for item in data]))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in readable.hidden:
                continue
            if _is_records(value):
                groups.append(Group(renderer.label(key), [renderer.record(item) for item in value]))
            else:
                rows.append(renderer.row(key, value))
    elif data not in (None, "", []):
        rows.append(Row(readable.title, renderer.text("", data)))
    return Section(readable.title, readable.intro, rows, groups)


def unlabelled_keys(readable: Readable, data: Any) -> set[str]:
    """Field names of ``data`` that ``readable`` gives no words for (tests keep this empty)."""
    missing: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key in readable.hidden:
                    continue
                if key not in readable.labels:
                    missing.add(key)
                if key not in readable.free_form:
                    walk(inner)

    walk(data)
    return missing
