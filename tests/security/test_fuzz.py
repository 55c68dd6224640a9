"""Schemathesis against our own OpenAPI schema, in-process (WSGI), as a signed-in org admin
and, with fewer examples, as a peer worker (whose answers are mostly 403s and 404s, which
must conform to the schema too).

Bounded: a fixed number of examples per operation. Asserts no 500s and that answers
conform to the schema (status codes, content types, bodies).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 12
MAX_EXAMPLES_AS_PEER = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Loading the schema makes one in-process request that touches no database table.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def _token_for(user, settings):
    # Fuzzing sends many bad sign-ins to auth/token/: lockout would turn everything after into 403s.
    settings.AXES_ENABLED = False
    # Like Django's test client: keep the test's connection (and its transaction) open across
    # in-process requests instead of closing it at each request's start and end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _, token = AuthToken.objects.create(user=user)
    return token


def _reconnect():
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(everyone, settings):
    yield _token_for(everyone["admin"], settings)
    _reconnect()


@pytest.fixture
def peer_token(everyone, settings):
    yield _token_for(everyone["peer"], settings)
    _reconnect()


def _call(case, token):
    if case.path == "/api/v1/auth/logout/":
        return  # would revoke the token the other examples use
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_and_conforms_to_its_schema(case, fuzz_token):
    _call(case, fuzz_token)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES_AS_PEER, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_and_conforms_to_its_schema_for_a_peer_worker(case, peer_token):
    _call(case, peer_token)
