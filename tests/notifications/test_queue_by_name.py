"""Services ring their tasks by name (apps/notifications/queue.py), so that a task module that
calls its services is never imported back by them: the names must be the registered ones."""

import json

import pytest
import redis
from django.conf import settings

from apps.notifications import services as notification_services
from apps.notifications import tasks as notification_tasks
from apps.notifications.queue import publish
from apps.voice import tasks as voice_tasks
from tests.notifications.brokers import CLOSED_PORT_URL, broker_at


@pytest.mark.parametrize(
    ("name", "task"),
    [
        (notification_services.SEND_ONE, notification_tasks.send_notification_email),
        (notification_services.SEND_BATCH, notification_tasks.send_notification_emails),
        ("apps.voice.tasks.release_feedback", voice_tasks.release_feedback),
    ],
)
def test_the_names_services_ring_are_the_names_the_tasks_are_registered_under(name, task):
    assert task.name == name


def test_publishing_by_name_puts_the_named_task_with_its_arguments_on_the_queue():
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    try:
        assert publish("apps.voice.tasks.release_feedback", "team-id")
        (raw,) = broker.lrange("celery", 0, -1)
        message = json.loads(raw)
        assert message["headers"]["task"] == "apps.voice.tasks.release_feedback"
        assert message["headers"]["argsrepr"] == "('team-id',)"
    finally:
        broker.delete("celery")


def test_publishing_by_name_with_the_broker_down_answers_false_and_queues_nothing():
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    with broker_at(CLOSED_PORT_URL):
        assert publish("apps.voice.tasks.release_feedback", "team-id") is False
    assert broker.llen("celery") == 0
