"""The embedded default (SPEC: ``make run`` with nothing configured): SQLite and the file broker
under var/, ``celery worker --beat`` as scripts/run-embedded.sh starts it. The scan fires on
schedule and delivers — the same SQL paths as PostgreSQL, on SQLite."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.reminders.processes import CELERY, ROOT, wait_for

pytestmark = pytest.mark.celery

SETUP = """
from datetime import timedelta
from django.utils import timezone
from apps.accounts.models import Organisation, User
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.teams.models import Membership, Team
org = Organisation.objects.create(name="Embedded", time_zone="Europe/London")
today = org_today(org)
team = Team.objects.create(organisation=org, name="Riverside")
def person(username, role, kind):
    user = User.objects.create_user(username=username, email=f"{username}@example.invalid", organisation=org,
                                    display_name=username.title(), worker_kind=kind)
    Membership.objects.create(team=team, worker=user, team_role=role, joined_on=today - timedelta(days=400))
    return user
manager = person("manager", "manager", "clinical")
supervisor = person("supervisor", "supervisor", "clinical")
peer = person("peer", "member", "peer")
Agreement.objects.create(organisation=org, supervisee=peer, supervisor=supervisor, kind="peer", frequency_days=28,
                         starts_on=today - timedelta(days=100), next_due_on=today - timedelta(days=10),
                         status="active", supervisee_accepted_at=timezone.now(), supervisor_accepted_at=timezone.now())
"""


def test_with_nothing_configured_the_embedded_worker_fires_the_scan_and_delivers(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="pspteam.settings",
        PSPTEAM_VAR_DIR=str(var),
        REMINDER_SCAN_INTERVAL="1",
        EMAIL_URL="consolemail://",
        PYTHONPATH=str(ROOT),
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=120)

    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = subprocess.Popen(
            [
                CELERY,
                "-A",
                "pspteam",
                "worker",
                "--beat",
                "--pool=solo",
                "--schedule",
                str(var / "celerybeat-schedule"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            database = sqlite3.connect(var / "pspteam.sqlite3", timeout=20)

            def scalar(sql):
                try:
                    row = database.execute(sql).fetchone()
                except sqlite3.OperationalError:  # locked for a moment by the worker
                    return None
                return row and row[0]

            wait_for(
                lambda: (scalar("SELECT runs FROM core_schedulerheartbeat WHERE name = 'reminders.scan'") or 0) >= 2,
                timeout=90,
                message=f"two scans on the embedded worker ({log})",
            )
            wait_for(
                lambda: scalar("SELECT count(*) FROM notifications_notification WHERE email_status = 'sent'") == 3,
                timeout=60,
                message="three e-mails sent",
            )
            kinds = sorted(
                database.execute(
                    "SELECT n.kind, u.username FROM notifications_notification n"
                    " JOIN accounts_user u ON u.id = n.recipient_id"
                ).fetchall()
            )
            database.close()
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)

    assert kinds == [
        ("supervision_escalated", "manager"),
        ("supervision_overdue", "peer"),
        ("supervision_overdue", "supervisor"),
    ]
    assert "filesystem" in log.read_text()  # the file broker, no Redis
