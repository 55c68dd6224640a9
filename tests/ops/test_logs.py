"""JSON logs (LOG_FORMAT=json, python-json-logger): a request that saves a reflection, a boundary
note or a check-in, and the Celery task it publishes, log lines with the same request id — and
none of the private text, anywhere in either process's output."""

import json
from datetime import date

import pytest
import redis
from django.conf import settings as django_settings
from knox.models import AuthToken

from apps.boundaries.models import BoundaryNote
from apps.reflections.models import Reflection
from apps.wellbeing.models import CheckIn
from tests.ops.processes import Gunicorn, json_lines
from tests.reminders.helpers import make_world
from tests.reminders.processes import Worker, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

SECRETS = (
    "Quietly-Private-Title-7731",
    "Body-I-Only-Told-My-Supervisor-7731",
    "Boundary-Situation-7731",
    "Mood-Note-7731",
)
EMAIL_TASK = "apps.notifications.tasks.send_notification_email"


def test_a_request_and_the_task_it_publishes_log_json_with_one_request_id_and_no_private_text(tmp_path, started):
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("celery")
    world = make_world(next_due_on=date(2099, 1, 1), prefix="logs")
    _, token = AuthToken.objects.create(world.supervisee)
    mail = tmp_path / "mail.txt"
    mail.touch()
    json_logs = {"LOG_FORMAT": "json"}
    worker = Worker(tmp_path, DJANGO_SETTINGS_MODULE="tests.faults.worker_settings", TEST_EMAIL_FILE=mail, **json_logs)
    started.append(worker)
    web = Gunicorn(tmp_path, wsgi="tests.ops.wsgi", **json_logs)
    started.append(web)
    try:
        auth = {"Authorization": f"Token {token}"}
        reflection = web.post(
            "/api/v1/reflections/",
            json={
                "title": SECRETS[0],
                "occurred_on": "2026-11-30",
                "framework": "gibbs",
                "sections": {"description": SECRETS[1]},
            },
            headers={**auth, "X-Request-ID": "ops-reflection-0"},
        )
        assert reflection.status_code == 201, reflection.text
        shared = web.patch(
            f"/api/v1/reflections/{reflection.json()['id']}/",
            json={"visibility": "supervisor"},
            headers={**auth, "X-Request-ID": "ops-reflection-1"},
        )
        assert shared.status_code == 200, shared.text
        note = web.post(
            "/api/v1/boundary-notes/",
            json={"occurred_on": "2026-11-30", "category": "other", "situation": SECRETS[2], "risk": "low"},
            headers={**auth, "X-Request-ID": "ops-boundary-1"},
        )
        assert note.status_code == 201, note.text
        check_in = web.post(
            "/api/v1/wellbeing/check-ins/",
            json={"mood": 3, "note": SECRETS[3]},
            headers={**auth, "X-Request-ID": "ops-checkin-1"},
        )
        assert check_in.status_code == 201, check_in.text
        # The writes are stored (read back); sharing them e-mailed the supervisor by a task.
        assert Reflection.objects.get(pk=reflection.json()["id"]).sections == {"description": SECRETS[1]}
        assert BoundaryNote.objects.get(pk=note.json()["id"]).situation == SECRETS[2]
        assert CheckIn.objects.get(pk=check_in.json()["id"]).note == SECRETS[3]
        wait_for(lambda: len(mail.read_text().splitlines()) == 2, timeout=30, message="two e-mails sent by the worker")
    finally:
        web.stop()
        worker.stop()

    web_lines, task_lines = json_lines(web.log), json_lines(worker.log)
    requests = {line["request_id"]: line for line in web_lines if line["logger"] == "pspteam.requests"}
    answers = {rid: (line["view"], line["status"], line["method"]) for rid, line in requests.items()}
    assert answers["ops-reflection-0"] == ("api:reflection-list", 201, "POST")
    assert answers["ops-reflection-1"] == ("api:reflection-detail", 200, "PATCH")
    assert answers["ops-boundary-1"] == ("api:boundary-note-list", 201, "POST")
    assert answers["ops-checkin-1"] == ("api:check-in-list", 201, "POST")
    assert {"time", "level", "message", "duration_ms"} <= set(requests["ops-reflection-1"])
    # Each share published an e-mail task; its lines carry that request's id and name the task.
    for request_id in ("ops-reflection-1", "ops-boundary-1"):
        of_task = [line for line in task_lines if line["request_id"] == request_id]
        assert of_task and all(line.get("task") == EMAIL_TASK for line in of_task), of_task
        assert any("succeeded" in line["message"] for line in of_task)
    # Every log line the worker wrote through logging is JSON (Celery's start-up banner is not logging).
    assert any("ready." in line["message"] for line in task_lines)
    for output in (web.log.read_text(), worker.log.read_text(), mail.read_text()):
        for secret in SECRETS:
            assert secret not in output
    assert json.dumps(SECRETS[1])[1:-1] not in worker.log.read_text()
