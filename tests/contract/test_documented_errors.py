"""Every operation documents the errors it can answer, each with the one error body (issue 21,
finding 6: "79 documented 4xx responses have no body schema"): 400 where it reads input (a body,
or query parameters), 401 and 403 everywhere, 404 where the path names an object, and 429 with
``Retry-After`` where a rate or a once-a-day rule can refuse. A walk over the live schema."""

import pytest

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}
METHODS = {"get", "post", "put", "patch", "delete"}
# Where the server can answer 429: sign-in (throttle and lockout), asking for supervision
# (once a day), the privacy check and inviting external raters (a number a day, and to one
# address). A 429 documented elsewhere would be a promise of a limit that does not exist.
RATE_LIMITED = {
    ("post", "/api/v1/auth/token/"),
    ("post", "/api/v1/supervision/agreements/{id}/request/"),
    ("post", "/api/v1/privacy-check/"),  # PRIVACY_CHECK_RATE per user (apps/privacy_check)
    ("post", "/api/v1/raters/invitations/"),  # invitations a day, and to one address (issue 17)
}


@pytest.fixture
def operations(api, admin):
    schema = api.as_(admin).get("/api/schema/", {"format": "json"}).json()
    return {
        (method, path): operation
        for path, path_operations in schema["paths"].items()
        for method, operation in path_operations.items()
        if method in METHODS
    }


def _expected(method, path, operation):
    codes = {"401", "403"}
    takes_input = method != "get" or any(p["in"] == "query" for p in operation.get("parameters", []))
    if takes_input:
        codes.add("400")
    if "{" in path:
        codes.add("404")
    if (method, path) in RATE_LIMITED:
        codes.add("429")
    return codes


def test_every_operation_documents_400_401_403_404_and_429_where_they_apply(operations):
    assert len(operations) > 100
    missing = {
        key: sorted(_expected(*key, operation) - set(operation["responses"]))
        for key, operation in operations.items()
        if _expected(*key, operation) - set(operation["responses"])
    }
    assert not missing, missing


def test_every_documented_4xx_has_the_error_body(operations):
    documented = [
        (key, code, response)
        for key, operation in operations.items()
        for code, response in operation["responses"].items()
        if code.startswith("4")
    ]
    assert len(documented) > 400
    without_body = [
        (key, code)
        for key, code, response in documented
        if response.get("content", {}).get("application/json", {}).get("schema") != ERROR
    ]
    assert without_body == []


def test_429_is_documented_where_the_server_can_answer_it_with_retry_after(operations):
    documented = {key for key, operation in operations.items() if "429" in operation["responses"]}
    assert documented == RATE_LIMITED
    for key in documented:
        response = operations[key]["responses"]["429"]
        assert response["content"]["application/json"]["schema"] == ERROR
        assert response["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}, key
