"""The audit context: where a write came from is recorded without any service seeing the request."""

import inspect

import pytest

from apps.audit.context import AuditContext, audit_context, current
from apps.audit.models import AuditEvent
from pspteam.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_an_api_write_records_the_callers_address_request_id_and_channel(api, everyone):
    peer = everyone["peer"]
    response = api.as_(peer).post(
        "/api/v1/reflections/",
        {"title": "Handover", "occurred_on": "2024-03-01", "framework": "gibbs", "sections": {"description": "x"}},
        format="json",
        HTTP_X_REQUEST_ID="trace-abc-123",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 201, response.json()
    assert response["X-Request-ID"] == "trace-abc-123"
    event = AuditEvent.objects.get(action="create", target_id=response.json()["id"])
    assert (event.actor, event.ip_address, event.request_id, event.via) == (
        peer,
        "198.51.100.7",
        "trace-abc-123",
        "api",
    )


def test_a_page_write_is_recorded_as_web(client, everyone):
    peer = everyone["peer"]
    client.force_login(peer)
    response = client.post(
        "/reflections/new/",
        {
            "title": "Handover",
            "occurred_on": "2024-03-01",
            "framework": "gibbs",
            "gibbs__description": "x",
            "visibility": "private",
            "save": "1",
        },
        REMOTE_ADDR="198.51.100.8",
    )
    assert response.status_code == 302, response.content[:500]
    event = AuditEvent.objects.get(action="create", target_type="reflections.reflection")
    assert (event.ip_address, event.via) == ("198.51.100.8", "web") and len(event.request_id) == 32


def test_a_celery_task_runs_under_its_own_context():
    @celery_app.task(name="tests.audit.report_context")
    def report_context():
        context = current()
        return context.via, context.request_id, context.ip_address

    via, request_id, ip_address = report_context.apply(task_id="task-42").get()
    assert (via, request_id, ip_address) == ("task:tests.audit.report_context", "task-42", None)
    assert current() == AuditContext()  # nothing leaks out of the task


def test_a_block_outside_any_request_can_name_its_channel(everyone):
    from apps.audit.services import audit_record

    with audit_context(via="command", request_id="import-7"):
        event = audit_record(actor=everyone["admin"], action="update", target=everyone["peer"])
    assert (event.via, event.request_id, event.ip_address) == ("command", "import-7", None)
    assert current().via == ""


def test_no_service_signature_takes_the_http_request():
    """Services record where a change came from through the audit context, never the request."""
    import importlib
    import pkgutil

    import apps

    offenders = []
    for module_info in pkgutil.walk_packages(apps.__path__, "apps."):
        if not module_info.name.endswith(".services"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and "request" in inspect.signature(function).parameters:
                offenders.append(f"{module.__name__}.{name}")
    assert offenders == []
