"""Text the server refuses blank is, in the schema, text with a character that is not a space
(issue 21, "a schema that tells the truth"; docs/api.md, "Request bodies").

DRF trims a text field before its blank check, so "   ", "\\n" or a lone no-break space met the
schema's ``minLength: 1`` and was then a 400 "may not be blank": a client validating against the
schema believed the value valid (the fuzz's linked flows found a support contact's
``how_to_reach: "\\u00a0"``). Every such field now declares ``NOT_ONLY_SPACES``, a pattern
matching exactly the values that keep a character once trimmed, the same under Python's reading
(with or without ASCII classes, as schemathesis reads it) and ECMA 262's (OpenAPI's)."""

import re
import sys

import pytest

from apps.core.text import NOT_ONLY_SPACES
from apps.teams.models import Team
from apps.wellbeing.models import SupportContact

pytestmark = pytest.mark.django_db

# Not trimmed, so spaces are a value like any other: a password may be spaces.
KEPT_AS_SENT = {("TokenRequestRequest", "password")}
ONLY_SPACES = [" ", "   ", "\t\n", "\u00a0", "\u3000", " \u2028 ", "\x1c", "\x85"]
HAS_A_CHARACTER = ["a", " a ", "\u00a0x", "\ufeff", "\u200b"]  # a BOM or a zero-width space is not trimmed
READINGS = (0, re.ASCII)


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def _non_blank_text(schema):
    """Every request body's text property that may not be empty, by (component, name)."""
    return {
        (component, name): field
        for component, body in schema["components"]["schemas"].items()
        if component.endswith("Request")
        for name, field in body.get("properties", {}).items()
        if field.get("type") == "string" and field.get("minLength", 0) >= 1
    }


def test_the_pattern_matches_exactly_the_values_python_keeps_a_character_of_once_stripped():
    for flags in READINGS:
        pattern = re.compile(NOT_ONLY_SPACES, flags)
        wrong = [
            hex(code)
            for code in range(sys.maxunicode + 1)
            if bool(pattern.search(chr(code))) != bool(chr(code).strip())
        ]
        assert wrong == [], flags
        assert not any(pattern.search(value) for value in ONLY_SPACES)
        assert all(pattern.search(value) for value in HAS_A_CHARACTER)


def test_every_request_text_the_server_trims_and_refuses_blank_declares_that_spaces_alone_are_refused(schema):
    fields = _non_blank_text(schema)
    assert {
        ("SupportContactRequest", "how_to_reach"),
        ("PatchedSupportContactRequest", "how_to_reach"),
        ("TeamRequest", "name"),
        ("BoundaryNoteInputRequest", "situation"),
        ("WorkerCreateRequest", "display_name"),
        ("DutyInputRequest", "description"),
    } <= set(fields)
    undeclared = []
    for key, field in fields.items():
        if key in KEPT_AS_SENT:
            assert "pattern" not in field, key
            continue
        # An e-mail address's pattern is the address rule, which spaces alone break too.
        taken = "a@example.org" if field.get("format") == "email" else "a"
        for flags in READINGS:
            pattern = re.compile(field.get("pattern", ""), flags)
            if any(pattern.search(value) for value in ONLY_SPACES) or not pattern.search(taken):
                undeclared.append((*key, flags))
    assert undeclared == []


def test_the_idempotency_key_header_declares_the_same_rule(schema):
    headers = [
        parameter["schema"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "header" and parameter["name"] == "Idempotency-Key"
    ]
    assert headers and all(header["pattern"] == NOT_ONLY_SPACES for header in headers)


@pytest.mark.parametrize("spaces", ONLY_SPACES)
def test_text_of_only_spaces_is_a_400_naming_the_field_and_creates_nothing(api, admin, org, spaces):
    client = api.as_(admin)
    contact = client.post(
        "/api/v1/wellbeing/support-contacts/", {"name": "Occupational health", "how_to_reach": spaces}
    )
    assert contact.status_code == 400
    assert contact.json()["how_to_reach"] == ["This field may not be blank."]
    team = client.post("/api/v1/teams/", {"name": spaces, "setting": "crisis"})
    assert team.status_code == 400 and "name" in team.json()
    assert not SupportContact.objects.filter(organisation=org).exists()
    assert not Team.objects.filter(organisation=org, name__in=[spaces, spaces.strip()]).exists()


def test_text_of_only_spaces_on_an_update_is_a_400_and_changes_nothing(api, admin, riverside):
    response = api.as_(admin).patch(f"/api/v1/teams/{riverside.pk}/", {"name": "\u00a0\u00a0"})
    assert response.status_code == 400 and "name" in response.json()
    riverside.refresh_from_db()
    assert riverside.name == "Riverside"


def test_text_with_one_character_among_spaces_is_taken_trimmed(api, admin, org):
    response = api.as_(admin).post(
        "/api/v1/wellbeing/support-contacts/", {"name": "\u00a0OH\u00a0", "how_to_reach": " \u3000x\n"}
    )
    assert response.status_code == 201, response.json()
    contact = SupportContact.objects.get(organisation=org)
    assert (contact.name, contact.how_to_reach) == ("OH", "x")
