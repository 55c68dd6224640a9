"""Backup and restore (scripts/backup.sh, scripts/restore.sh): the test database with the demo
data is dumped, restored into a fresh database, every table's row count compared, and the app
served from the restored database by gunicorn (probes and an authenticated API read)."""

import io
import os
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from knox.models import AuthToken

from apps.accounts.models import User
from apps.reflections.models import Reflection
from tests.ops.processes import Gunicorn
from tests.reminders.processes import ROOT, test_database_url

pytestmark = pytest.mark.django_db(transaction=True)


def run(script: str, *args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([str(ROOT / "scripts" / script), *args], env=env, capture_output=True, text=True, timeout=300)


def row_counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        tables = [name for (name,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}


@pytest.fixture
def fresh_database():
    """An empty database next to the test database (dropped afterwards); its URL."""
    name = f"{connection.settings_dict['NAME']}_restored"
    server = test_database_url().rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restored_into_a_fresh_database_has_every_row_and_serves_the_app(tmp_path, fresh_database):
    call_command("seed_demo", stdout=io.StringIO())
    peer = User.objects.filter(organisation__isnull=False, reflections__isnull=False).distinct().first()
    _, token = AuthToken.objects.create(user=peer)
    before = row_counts(test_database_url())
    assert before["reflections_reflection"] > 0 and before["audit_auditevent"] > 0

    backup = run("backup.sh", str(tmp_path / "backups"), database_url=test_database_url())
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip()
    assert dump.endswith(".dump") and os.path.getsize(dump) > 0
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [os.path.basename(dump)]  # no partial left

    restore = run("restore.sh", dump, database_url=fresh_database)
    assert restore.returncode == 0, restore.stderr
    assert row_counts(fresh_database) == before

    web = Gunicorn(tmp_path, DATABASE_URL=fresh_database)
    try:
        assert web.get("/healthz").status_code == 200
        assert web.get("/readyz").json()["checks"]["database"] == "ok"
        auth = {"Authorization": f"Token {token}"}
        assert web.get("/api/v1/me/", headers=auth).json()["username"] == peer.username
        restored = web.get("/api/v1/reflections/", headers=auth).json()
        original = Client().get("/api/v1/reflections/", HTTP_AUTHORIZATION=f"Token {token}").json()
        assert restored == original and len(restored["results"]) >= Reflection.objects.filter(author=peer).count() > 0
    finally:
        web.stop()


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(tmp_path, fresh_database):
    call_command("seed_demo", stdout=io.StringIO())
    dump = run("backup.sh", str(tmp_path), database_url=test_database_url()).stdout.strip()
    before = row_counts(test_database_url())
    refused = run("restore.sh", dump, database_url=test_database_url())
    assert refused.returncode == 3 and "not empty" in refused.stderr
    assert row_counts(test_database_url()) == before


def test_restore_refuses_a_file_that_is_not_a_dump_and_restores_nothing(tmp_path, fresh_database):
    bogus = tmp_path / "pspteam-bogus.dump"
    bogus.write_text("SELECT 1;\n")
    refused = run("restore.sh", str(bogus), database_url=fresh_database)
    assert refused.returncode == 2 and "not a pg_dump custom-format file" in refused.stderr
    missing = run("restore.sh", str(tmp_path / "missing.dump"), database_url=fresh_database)
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    assert row_counts(fresh_database) == {}


def test_backup_without_a_database_url_says_so():
    result = subprocess.run(
        [str(ROOT / "scripts" / "backup.sh")],
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr
