"""Lists follow one convention (docs/api.md): strict booleans, bounded pagination, and no
query parameter silently ignored (issue 21, findings 4, 6, 7 and 8)."""

import pytest
from django.utils import timezone

from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"


@pytest.fixture
def inbox(peer):
    """One read and one unread notification for the peer."""
    org = peer.organisation
    read = Notification.objects.create(
        organisation=org, recipient=peer, kind="test", message_template="Read one", read_at=timezone.now()
    )
    unread = Notification.objects.create(organisation=org, recipient=peer, kind="test", message_template="Unread one")
    return read, unread


def test_a_boolean_filter_takes_true_and_false(api, peer, inbox):
    read, unread = inbox
    client = api.as_(peer)
    assert [n["id"] for n in client.get(NOTIFICATIONS, {"unread": "true"}).json()["results"]] == [str(unread.pk)]
    assert [n["id"] for n in client.get(NOTIFICATIONS, {"unread": "false"}).json()["results"]] == [str(read.pk)]


@pytest.mark.parametrize("value", ["1", "0", "yes", "no", "True", "maybe", ""])
def test_a_boolean_filter_refuses_anything_but_true_or_false_naming_it(api, peer, inbox, value):
    response = api.as_(peer).get(NOTIFICATIONS, {"unread": value})
    assert response.status_code == 400
    assert response.json()["unread"] == ["Must be true or false."]


@pytest.mark.parametrize("params", [{"sort": "-created_at"}, {"unred": "true"}, {"search": "x"}])
def test_an_unknown_query_parameter_on_a_list_is_a_400_naming_it(api, peer, inbox, params):
    response = api.as_(peer).get(NOTIFICATIONS, params)
    assert response.status_code == 400
    (name,) = params
    assert response.json()[name] == ["Unknown query parameter."]


def test_a_range_filter_knows_its_after_and_before_parameters(api, peer):
    response = api.as_(peer).get(
        "/api/v1/reflections/", {"occurred_on_after": "2026-01-01", "occurred_on_before": "2026-12-31"}
    )
    assert response.status_code == 200, response.content


def test_a_parameter_a_list_reads_itself_is_known(api, supervisor):
    response = api.as_(supervisor).get("/api/v1/wellbeing/check-ins/", {"shared_with_me": "true"})
    assert response.status_code == 200, response.content


OUT_OF_BOUNDS = [
    "page_size=101",
    "page_size=0",
    "page_size=ten",
    "page_size=-5",
    "page=0",
    "page=last",
    "page=" + "9" * 5000,
]


@pytest.mark.parametrize("query", OUT_OF_BOUNDS, ids=lambda q: q[:20])
def test_a_page_or_page_size_out_of_bounds_is_a_400_stating_the_bound(api, peer, inbox, query):
    name, _ = query.split("=", 1)
    response = api.as_(peer).get(f"{NOTIFICATIONS}?{query}")
    assert response.status_code == 400
    assert response.json()[name][0].startswith("Must be a whole number from 1 to ")


def test_page_size_within_bounds_is_honoured(api, peer, inbox):
    body = api.as_(peer).get(NOTIFICATIONS, {"page_size": "1"}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]


def test_a_page_past_the_last_is_a_400_naming_page(api, peer, inbox):
    response = api.as_(peer).get(NOTIFICATIONS, {"page": "2"})
    assert response.status_code == 400 and "page" in response.json()


def test_the_schema_documents_the_pagination_bounds(api, peer):
    schema = api.as_(peer).get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"][NOTIFICATIONS]["get"]["parameters"]}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["page"]["schema"]["minimum"] == 1
    reflection_parameters = {p["name"]: p for p in schema["paths"]["/api/v1/reflections/"]["get"]["parameters"]}
    assert reflection_parameters["page_size"]["schema"]["maximum"] == 100


def test_date_ranges_are_named_field_after_and_field_before(api, supervisor):
    client = api.as_(supervisor)
    url = "/api/v1/supervision/sessions/"
    assert client.get(url, {"held_on_after": "2026-01-01", "held_on_before": "2026-12-31"}).status_code == 200
    assert client.get(url, {"held_after": "2026-01-01"}).json()["held_after"] == ["Unknown query parameter."]


@pytest.mark.parametrize("value", ["1", "yes", "True", ""])
def test_a_boolean_a_list_reads_itself_is_strict_too(api, supervisor, value):
    response = api.as_(supervisor).get("/api/v1/wellbeing/check-ins/", {"shared_with_me": value})
    assert response.status_code == 400 and response.json()["shared_with_me"] == ["Must be true or false."]
