"""gunicorn as production runs it (pspteam/gunicorn.conf.py, several workers) on a free port,
against the test database, its log in a file; and a JSON log reader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests

from tests.reminders.processes import ROOT, free_port, stop_group, test_database_url, wait_for

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


class Gunicorn:
    def __init__(self, tmp_path: Path, *, workers: int = 1, wsgi: str = "pspteam.wsgi", **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.app_settings",
            "DATABASE_URL": test_database_url(),
            "PSPTEAM_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(ROOT),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            **{k: str(v) for k, v in env.items()},
        }
        self._log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "pspteam" / "gunicorn.conf.py"), wsgi],
            cwd=ROOT,
            env=environment,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(self._up, timeout=60, interval=0.2, message=f"gunicorn to answer ({self.log})")
        except BaseException:
            self.stop()
            raise

    def _up(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return requests.get(f"{self.base}/healthz", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def get(self, path, **kwargs):
        return requests.get(f"{self.base}{path}", timeout=10, allow_redirects=False, **kwargs)

    def post(self, path, **kwargs):
        return requests.post(f"{self.base}{path}", timeout=10, allow_redirects=False, **kwargs)

    def patch(self, path, **kwargs):
        return requests.patch(f"{self.base}{path}", timeout=10, allow_redirects=False, **kwargs)

    def stop(self):
        stop_group(self.process)
        self._log_file.close()


def json_lines(path: Path) -> list[dict]:
    """The JSON log lines of a process's output (gunicorn's own start-up lines are not JSON)."""
    found = []
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            found.append(json.loads(line))
    return found


def samples(text: str, name: str) -> dict[str, float]:
    """``{labels: value}`` of one metric in Prometheus text (labels as written, "" for none)."""
    values = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            key, value = line.rsplit(" ", 1)
            values[key[len(name) :]] = float(value)
    return values
