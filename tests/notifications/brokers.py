"""Point this process's Celery app at another broker for a while (e.g. a closed port, or a
private redis-server a test can stop and start)."""

from contextlib import contextmanager

from pspteam.celery import app as celery_app

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


def _drop_pools(app) -> None:
    """Forget the app's pools, so the next publish takes them (from kombu's registry, keyed by
    broker URL) for the current URL. Not closed: kombu hands the same pool out again later."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str, app=celery_app):
    old = app.conf.broker_url
    _drop_pools(app)
    app.conf.broker_url = url
    try:
        yield app
    finally:
        _drop_pools(app)
        app.conf.broker_url = old


def queued_email_ids(client) -> list[str]:
    """The notification ids in the e-mail tasks waiting in Redis's ``celery`` queue."""
    import base64
    import json

    ids = []
    for raw in client.lrange("celery", 0, -1):
        message = json.loads(raw)
        task = message["headers"]["task"]
        args = json.loads(base64.b64decode(message["body"]))[0]
        if task == "apps.notifications.tasks.send_notification_emails":
            ids += args[0]
        elif task == "apps.notifications.tasks.send_notification_email":
            ids.append(args[0])
    return ids
