"""The privacy check's API: who may call it, what it answers, its rate limit, and that nothing
about a check is stored (every table's rows counted before and after) or logged."""

import logging

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db

URL = "/api/v1/privacy-check/"
TEXT = "I supported Mr Jonah Pike, NHS 943 476 5919, SW1A 1AA, and I told him I take sertraline."
MARKERS = ("Jonah", "Pike", "943 476 5919", "9434765919", "SW1A", "sertraline")


def row_counts() -> dict[str, int]:
    """The number of rows in every table of the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_signed_out_is_a_401(api):
    assert api.as_(None).post(URL, {"text": TEXT}).status_code == 401


def test_the_answer_lists_each_span_with_its_kind_and_why(api, peer):
    response = api.as_(peer).post(URL, {"text": TEXT})
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert [(f["kind"], f["text"]) for f in findings] == [
        ("name", "Jonah Pike"),
        ("nhs_number", "943 476 5919"),
        ("postcode", "SW1A 1AA"),
        ("own_health", "sertraline"),
    ]
    for finding in findings:
        assert TEXT[finding["start"] : finding["end"]] == finding["text"]
        assert finding["why"] and finding["label"]
    assert {f["category"] for f in findings} == {"someone_you_support", "your_own_health"}


def test_colleagues_names_are_left_alone(api, peer, peer2):
    text = "Robin and I ran the group; Robin Peer took the notes."
    assert api.as_(peer).post(URL, {"text": text}).json() == {"findings": []}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": None}, "text"),
        ({"text": {"a": 1}}, "text"),
        ({"text": "a\x00b"}, "text"),
        ({"text": "x" * 60_001}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, peer, body, field):
    response = api.as_(peer).post(URL, body)
    assert response.status_code == 400
    assert field in response.json()


def test_more_checks_than_the_rate_in_a_minute_are_a_429(api, peer, settings):
    settings.PRIVACY_CHECK_RATE = "3/minute"
    client = api.as_(peer)
    answers = [client.post(URL, {"text": "hello"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1


def test_a_check_stores_nothing_and_logs_nothing(api, peer, caplog):
    client = api.as_(peer)
    before = row_counts()
    with caplog.at_level(logging.DEBUG):
        for headers in ({}, {"Idempotency-Key": "check-1"}):
            response = client.post(URL, {"text": TEXT}, headers=headers)
            assert response.status_code == 200
            assert "Idempotent-Replayed" not in response
    assert row_counts() == before
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for marker in MARKERS:
        assert marker not in logged
