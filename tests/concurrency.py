"""Run the same request from N threads at once, each on its own database connection.

Use with ``@pytest.mark.django_db(transaction=True)``: every thread's transaction commits for
real, so the database's own rules (unique constraints, locks) decide who wins, as they do
between gunicorn workers. A barrier releases all threads together; nothing sleeps.
"""

import threading
from collections import Counter

from django.db import connections
from rest_framework.test import APIClient


def race(n: int, make_call, *, timeout: float = 60.0) -> list:
    """Call ``make_call(i)`` to prepare thread ``i``'s zero-argument function (before the race),
    then run all ``n`` functions at the same moment. Returns their results (or exceptions)."""
    calls = [make_call(i) for i in range(n)]
    barrier = threading.Barrier(n, timeout=timeout)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            results[i] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing request did not finish"
    return results


def race_api(n: int, user, method: str, path: str, body) -> list:
    """``n`` identical API requests by ``user`` at once; returns the responses.

    ``body`` may be a function of the thread's index. Each thread has its own signed-in client
    that turns a server error into a 500 response (not an exception), as a real server would.
    """

    def make_call(i):
        client = APIClient(raise_request_exception=False)
        client.force_login(user)
        data = body(i) if callable(body) else body
        return lambda: getattr(client, method)(path, data, format="json")

    return race(n, make_call)


def statuses(responses) -> Counter:
    return Counter(r.status_code if hasattr(r, "status_code") else type(r).__name__ for r in responses)
