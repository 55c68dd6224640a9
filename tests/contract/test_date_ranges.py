"""One scheme for date ranges (issue 21, finding 8; docs/api.md, "Lists"): ``<field>_after`` and
``<field>_before``, both inclusive. The schema is walked for every query parameter that is a date
or a moment, or whose name says it bounds one: each is one half of such a pair, and says it is
inclusive. ``since``/``until``, ``from``/``to``, ``_gte``/``_lte`` and the like fail the walk."""

import re
from datetime import timedelta

import pytest

from apps.core.dates import org_today
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

RANGE_BOUND = re.compile(r"^(?P<field>\w+)_(?P<end>after|before)$")
# Words a date-range bound is named with elsewhere: none may name a query parameter here.
OTHER_SCHEMES = re.compile(r"(^|_)(since|until|from|to|start|end|gte|lte|gt|lt|min|max|on_or_after|on_or_before)($|_)")


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def _query_parameters(schema):
    return [
        (path, parameter)
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]


def test_every_date_range_parameter_is_field_after_or_field_before_paired_and_inclusive(schema):
    parameters = _query_parameters(schema)
    names = {(path, parameter["name"]) for path, parameter in parameters}
    ranges = []
    for path, parameter in parameters:
        name, kind = parameter["name"], parameter["schema"].get("format")
        bound = RANGE_BOUND.match(name)
        assert not OTHER_SCHEMES.search(name), f"{path}?{name}: a date range is <field>_after/<field>_before"
        if kind not in {"date", "date-time"} and not bound:
            continue
        assert bound, f"{path}?{name} is a {kind} but not <field>_after/<field>_before"
        assert kind in {"date", "date-time"}, f"{path}?{name} is named as a date bound but is a {kind}"
        other = "before" if bound["end"] == "after" else "after"
        assert (path, f"{bound['field']}_{other}") in names, f"{path}?{name} has no {bound['field']}_{other}"
        description = parameter.get("description", "").lower()
        assert "inclusive" in description or "at or" in description, f"{path}?{name} does not say it is inclusive"
        ranges.append((path, name))
    # The walk found the ranges the API has (it would pass vacuously otherwise).
    assert {
        ("/api/v1/reflections/", "occurred_on_after"),
        ("/api/v1/supervision/sessions/", "held_on_before"),
        ("/api/v1/audit-events/", "at_after"),
    } <= set(ranges)


@pytest.mark.parametrize("old", ["since", "until", "held_after", "occurred_on_gte", "date_from"])
def test_an_old_or_foreign_range_name_is_an_unknown_parameter(api, peer, old):
    response = api.as_(peer).get("/api/v1/reflections/", {old: "2026-01-01"})
    assert response.status_code == 400 and response.json()[old] == ["Unknown query parameter."]


def test_both_bounds_include_the_day_they_name(api, peer):
    today = org_today(peer.organisation)
    day = today - timedelta(days=10)
    on_day = ReflectionFactory(author=peer, occurred_on=day)
    ReflectionFactory(author=peer, occurred_on=day - timedelta(days=1))
    ReflectionFactory(author=peer, occurred_on=day + timedelta(days=1))
    client = api.as_(peer)
    response = client.get(
        "/api/v1/reflections/", {"occurred_on_after": day.isoformat(), "occurred_on_before": day.isoformat()}
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(on_day.pk)]
