"""What schemathesis found once the new endpoints joined the fuzzing (tests/security/test_fuzz.py),
one test each: the schema states what the server takes, and the server takes what the schema
states (docs/api.md, "Types are strict").

- text sent as a number was turned into text ("0") though the schema says ``type: string``;
- a decimal's pattern matched ``""`` (and "0" for a field from 0.25), which the server refuses;
- an e-mail address meeting JSON Schema's ``email`` format ("0@0.a") was refused by the server;
- a PATCH with an empty body was a 400 "required" (PATCH names what changes);
- three wellness-plan lists answered a page but documented a bare array;
- a date read from the query (My hours' ``date_before``) sent empty reads as absent, as a filter does;
- a community thread with neither text nor reflection said "may not be blank" of one field
  when the rule is across two.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from apps.community.models import Preference, Thread
from apps.credentials.models import PracticeEntry
from apps.fidelity.models import FidelitySettings
from apps.wellness_plans.models import WellnessPlan
from apps.wellness_plans.services import plan_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def _property(schema, component, name):
    return schema["components"]["schemas"][component]["properties"][name]


def test_text_sent_as_a_number_is_a_400_naming_the_field(api, peer):
    response = api.as_(peer).post("/api/v1/privacy-check/", {"text": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["text"] == ["Not a valid string."]


def test_a_plan_section_sent_as_a_number_is_refused_and_the_plan_is_unchanged(api, peer):
    plan_save(actor=peer, stepping_away="I tell my supervisor first.")
    response = api.as_(peer).patch("/api/v1/wellness-plans/mine/", {"stepping_away": 0}, format="json")
    assert response.status_code == 400 and response.json()["stepping_away"] == ["Not a valid string."]
    plan = WellnessPlan.objects.get(author=peer)
    assert plan.section_content("stepping_away") == {"stepping_away": "I tell my supervisor first."}


@pytest.mark.parametrize(
    ("hours", "taken"),
    [
        ("", False),
        ("0", False),
        ("0.2", False),
        ("0.25", True),
        (".5", True),
        ("7.5", True),
        ("24", True),
        ("24.00", True),
        ("24.5", False),
        ("25", False),
        ("1.125", False),
    ],
)
def test_a_practice_entrys_hours_pattern_and_the_server_agree(api, peer, schema, hours, taken):
    pattern = re.compile(_property(schema, "PracticeEntryWriteRequest", "hours")["pattern"])
    assert bool(pattern.search(hours)) is taken
    body = {"worked_on": "2026-11-02", "hours": hours, "category": "other"}
    response = api.as_(peer).post("/api/v1/credentials/practice-log/", body, format="json")
    assert (response.status_code == 201) is taken, response.content
    assert PracticeEntry.objects.filter(worker=peer).count() == (1 if taken else 0)


def test_a_training_records_optional_hours_state_their_bounds(schema):
    hours = _property(schema, "TrainingRecordWriteRequest", "hours")
    number = next(option for option in hours["oneOf"] if option.get("format") == "decimal")
    pattern = re.compile(number["pattern"])
    assert all(pattern.search(value) for value in ("0", "12.5", "500"))
    assert not any(pattern.search(value) for value in ("", "pending", "500.5", "501", "1.25"))


@pytest.mark.parametrize(
    "address", ["0@0.a", "0@0.00", "a@b.c-", "a..b@example.org", "rater@example.org", "a@xn--80ak6aa92e", "x+y@a-b.co"]
)
def test_an_email_pattern_takes_what_the_server_takes(schema, address):
    pattern = re.compile(_property(schema, "InvitationCreateRequest", "rater_email")["pattern"])
    try:
        validate_email(address)
        server_takes = True
    except ValidationError:
        server_takes = False
    assert bool(pattern.search(address)) is server_takes


@pytest.mark.parametrize("path", ["/api/v1/community/preferences/"])
def test_an_empty_patch_changes_nothing_and_answers_the_current_choice(api, peer, path):
    Preference.objects.create(worker=peer, digest=False)
    response = api.as_(peer).patch(path, {}, format="json")
    assert response.status_code == 200 and response.json() == {"digest": False}
    assert Preference.objects.get(worker=peer).digest is False


def test_an_empty_patch_of_the_fidelity_settings_changes_nothing(api, admin):
    before = api.as_(admin).get("/api/v1/fidelity/settings/").json()
    response = api.as_(admin).patch("/api/v1/fidelity/settings/", {}, format="json")
    assert response.status_code == 200 and response.json() == before
    assert FidelitySettings.objects.filter(organisation=admin.organisation).count() <= 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/wellness-plans/shared-with-me/",
        "/api/v1/wellness-plans/mine/readers/",
        "/api/v1/wellness-plans/mine/versions/",
    ],
)
def test_wellness_plan_lists_document_the_page_they_answer(api, peer, schema, path):
    documented = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert documented["$ref"].startswith("#/components/schemas/Paginated")
    plan_save(actor=peer, keeps_well="A walk at lunch")
    body = api.as_(peer).get(path).json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_an_empty_date_in_my_hours_reads_as_absent_and_is_documented_so(api, peer, schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/credentials/hours/"]["get"]["parameters"]}
    assert parameters["date_before"]["allowEmptyValue"] is True
    response = api.as_(peer).get("/api/v1/credentials/hours/", {"date_before": ""})
    assert response.status_code == 200 and response.json()["period"] == "year"


def test_a_thread_with_neither_text_nor_reflection_says_what_to_give(api, peer):
    response = api.as_(peer).post("/api/v1/community/threads/", {"title": "Night shifts"}, format="json")
    assert response.status_code == 400
    assert response.json()["body"] == ["Write the post, or share one of your own published reflections."]
    assert not Thread.objects.filter(organisation=peer.organisation).exists()


def test_every_query_parameter_declares_its_type(schema):
    """A filter with a method (the audit trail's ``target_id``) had an empty schema, so "null" was
    schema-valid and a 400: every parameter says what it takes."""
    untyped = [
        (path, method, parameter["name"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if not parameter.get("schema", {}).get("type")
    ]
    assert untyped == []
