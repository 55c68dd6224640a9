"""A PostgreSQL cluster of the test's own (never the shared one): initdb into a temporary
directory, a free port, started and stopped with ``pg_ctl`` (``-m immediate`` = a crash).

initdb and the server refuse to run as root, so they run as the ``postgres`` user when the tests
run as root (``runuser``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from tests.reminders.processes import free_port

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class PrivatePostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pspteam-faults-pg-"))
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run(
            [str(BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]
        )

    def _run(self, args, **kwargs):
        return subprocess.run(_as_postgres(args), check=True, capture_output=True, timeout=60, **kwargs)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pspteam"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start"])

    def crash(self):
        """``pg_ctl stop -m immediate``: every connection dropped at once, no checkpoint."""
        self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])

    def copy_test_database(self):
        """Create ``pspteam`` here as a copy of the test database (schema and rows), so that the
        app can run against this cluster with the users and sessions the test made."""
        d = connection.settings_dict
        self._run([str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "pspteam"])
        dump = subprocess.run(
            [str(BIN / "pg_dump"), "-h", d["HOST"] or "127.0.0.1", "-p", str(d["PORT"] or 5432), "-U", d["USER"]]
            + ["--no-owner", "--no-privileges", d["NAME"]],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout
        subprocess.run(
            [str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "pspteam"]
            + ["-q", "-v", "ON_ERROR_STOP=1"],
            input=dump,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def destroy(self):
        try:
            self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.dir, ignore_errors=True)


def query(pg: PrivatePostgres, sql: str, params=()):
    """One query on the private cluster's ``pspteam`` database (``None`` while it is down)."""
    import psycopg

    try:
        with psycopg.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname="pspteam", connect_timeout=2) as c:
            return c.execute(sql, params).fetchall()
    except psycopg.OperationalError:
        return None
