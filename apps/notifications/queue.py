"""Handing work to Celery without ever making a caller wait on the broker.

Publishing is bounded to about a second (``CELERY_BROKER_TRANSPORT_OPTIONS`` socket timeouts,
``CELERY_BROKER_CONNECTION_TIMEOUT``, ``retry=False``) and never raises: work that could not be
published stays due in the database and the next reminder scan publishes it (the database is
the truth; Celery is the doorbell).

Services name the task they ring (``"apps.voice.tasks.release_feedback"``) rather than import it:
a task module calls its services, so importing the task back would be a cycle.
"""

import logging
from collections.abc import Iterable
from typing import Any

from celery import Task, current_app

logger = logging.getLogger(__name__)


def publish(task: Task | str, *args: Any) -> bool:
    """Queue ``task(*args)``; ``False`` (logged, never raised) when the broker is unreachable.
    ``task`` is a task or its registered name."""
    return publish_many(task, [args]) == 1


def publish_many(task: Task | str, arg_tuples: Iterable[tuple[Any, ...]]) -> int:
    """Queue ``task`` (a task or its registered name) once per tuple of arguments over one
    broker connection.

    Stops at the first failure (a broker that is down would otherwise cost a timeout per
    message) and returns how many were published, in order.
    """
    arg_tuples = list(arg_tuples)
    if not arg_tuples:
        return 0
    published = 0
    app = current_app if isinstance(task, str) else task.app
    name = task if isinstance(task, str) else task.name
    try:
        with app.producer_or_acquire() as producer:
            for args in arg_tuples:
                # By name: the same message apply_async sends, without importing the task module.
                app.send_task(name, args=args, producer=producer, retry=False)
                published += 1
    except Exception as exc:  # noqa: BLE001 - any broker failure means "try again at the next scan"
        logger.warning(
            "broker unreachable: %s of %s %s task(s) not published; they wait for the next scan (%s)",
            len(arg_tuples) - published,
            len(arg_tuples),
            name,
            type(exc).__name__,
        )
    return published
