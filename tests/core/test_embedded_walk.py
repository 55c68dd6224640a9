"""The embedded default (``make run``: SQLite, demo data) is the first thing a new user tries, and
the suite otherwise runs on PostgreSQL only. So: migrate and seed the demo on SQLite, then follow
every link as every demo person and read every API list and detail: no server error anywhere, and
the one SQL aggregate that differs by database (a role's required competencies, in framework order)
agrees with the Python rule."""

import json
import os
import subprocess
import sys

from tests.reminders.processes import ROOT


def test_every_demo_page_and_api_read_works_on_the_embedded_sqlite_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="pspteam.settings",
        PSPTEAM_VAR_DIR=str(tmp_path / "var"),
        EMAIL_URL="consolemail://",
        PYTHONPATH=str(ROOT),
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)
    walked = subprocess.run(
        [*manage, "shell", "-c", "import runpy; runpy.run_path('tests/core/embedded_walk.py')"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    line = next(line for line in walked.stdout.splitlines() if line.startswith("WALK "))
    report = json.loads(line.removeprefix("WALK "))

    assert report["errors"] == []
    assert report["pages"] > 300 and report["api"] > 100  # the walk reached the app, not just the sign-in page
    requirements = report["requirements"]
    assert any(r["sql"] for r in requirements.values())  # the demo has roles that require competencies
    assert all(r["sql"] == r["python"] for r in requirements.values()), requirements
