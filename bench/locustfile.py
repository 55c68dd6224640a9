"""Locust clients for one endpoint at a time (run by ``bench/run.py``, headless).

    BENCH_CONTEXT=bench/results/context.json BENCH_ENDPOINT=reflections_p1 BENCH_MAX_REQUESTS=4000 \\
        .venv/bin/locust -f bench/locustfile.py --headless -u 16 -r 16 -t 20s --host http://127.0.0.1:8321

Every simulated client sends its next request as soon as the previous answer arrives (no think
time), so the concurrency is exactly the number of users. The run stops at ``-t`` or after
``BENCH_MAX_REQUESTS`` requests, whichever comes first. A response other than the expected
status (200, or 201 for creates) counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoints import BY_NAME  # noqa: E402

CONTEXT = json.loads(Path(os.environ["BENCH_CONTEXT"]).read_text())
ENDPOINT = BY_NAME[os.environ["BENCH_ENDPOINT"]]
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "5000"))
EXPECTED = 201 if ENDPOINT.method == "POST" else 200
COUNTER = itertools.count(int(os.environ.get("BENCH_OFFSET", "1000")))
_state = {"sent": 0, "environment": None, "stopping": False}


@events.init.add_listener
def _keep_environment(environment, **_kwargs):
    _state["environment"] = environment


@events.request.add_listener
def _stop_at_max(**_kwargs):
    _state["sent"] += 1
    if _state["sent"] >= MAX_REQUESTS and not _state["stopping"]:
        _state["stopping"] = True
        gevent.spawn(_state["environment"].runner.quit)


class Client(FastHttpUser):
    wait_time = constant(0)

    @task
    def call(self):
        path, headers, body = ENDPOINT.request(CONTEXT, next(COUNTER))
        with self.client.request(
            ENDPOINT.method, path, headers=headers, data=body, name=ENDPOINT.name, catch_response=True
        ) as response:
            if response.status_code != EXPECTED:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
