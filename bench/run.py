"""The whole benchmark, one command (``make bench``): see bench/README.md.

1. the large organisation (``bench/generate.py``) in the database ``pspteam_bench``, generated
   once and cached: the database's comment records the generator version, seed and date, and a
   second run with the same ones skips generation (new migrations are still applied to it);
2. a throw-away copy of it for this run (``pspteam_bench_run``, ``CREATE DATABASE … TEMPLATE``),
   so writes made by the benchmark never change the cached data and every run starts the same;
3. the floor: each read endpoint in-process against its hand-written SQL (``bench/floor.py``);
4. the load: gunicorn (production settings, DEBUG off, several workers) on loopback, and locust
   headless with a fixed number of clients per endpoint, bounded in time and request count;
5. the growth table: the reflection list (page 1, last page) and the team dashboard in-process over
   10,000 / 100,000 / 1,000,000 reflections (each size its own cached database);
6. the reminder scan at 10,000, 100,000 and 1,000,000 agreements (``bench/reminders_bench.py``);
7. the table, on the terminal and in ``bench/results/latest.{json,md}``.

Options: ``--only NAME ...`` (endpoints), ``--skip floor load reminders``, ``--duration``,
``--max-requests``, ``--users``, ``--workers``, ``--regenerate``, ``--keep`` (keep the run database),
``--profile NAME [--explain]`` (only profile one endpoint: pyinstrument tree and its SQL).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PY = sys.executable
sys.path.insert(0, str(BENCH))

from endpoints import BY_NAME, ENDPOINTS  # noqa: E402
from generate import DEFAULT_SEED, GENERATOR_VERSION, REFLECTIONS  # noqa: E402

PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
CACHE_DB = os.environ.get("BENCH_DB", "pspteam_bench")
RUN_DB = f"{CACHE_DB}_run"
EMPTY_DB = f"{CACHE_DB}_empty"  # migrated, no rows: the template of each size generated in a run
REMINDERS_DB = f"{CACHE_DB}_reminders"  # reminders_bench.py creates and drops <this>_bench
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
MAX_AGE_DAYS = int(os.environ.get("BENCH_MAX_AGE_DAYS", "14"))  # dates are relative to the day generated

# Fixed, so that the sessions prepare.py signs stay valid for the profiler; it guards nothing but
# the throw-away benchmark database.
BENCH_SECRET_KEY = "pspteam-benchmark-only-" + "x" * 40
TARGET_P95_MS = 100
TARGET_RATIO = 3


def say(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if "model name" in line
            ),
            "?",
        ),
        "load": load(),
    }


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- databases ------------------------------------------------------------------------------------


def admin_sql(sql: str, params=None, fetch: bool = False):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if fetch else None


def django_env(db: str, *, production: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DATABASE_URL=f"{PG}/{db}",
        REDIS_URL=REDIS,
        PSPTEAM_VAR_DIR=str(ROOT / "var" / "bench"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if production:
        env.update(
            DJANGO_ENV="production",
            DEBUG="false",
            SECRET_KEY=BENCH_SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            SECURE_SSL_REDIRECT="false",
            TWO_FACTOR_REQUIRED="false",
        )
    else:
        for key in ("DJANGO_ENV", "DEBUG"):
            env.pop(key, None)
    return env


def run(cmd: list[str], env: dict, *, capture: bool = False) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=capture, check=False)
    if result.returncode != 0:
        if capture:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}")
    return result.stdout if capture else ""


def cache_key(seed: int, reflections: int = REFLECTIONS) -> str:
    size = "" if reflections == REFLECTIONS else f" reflections {reflections}"
    return f"pspteam-bench generator v{GENERATOR_VERSION} seed {seed}{size}"


def cache_db(reflections: int = REFLECTIONS) -> str:
    """The cached database of the organisation with ``reflections`` reflections (the default: CACHE_DB)."""
    return CACHE_DB if reflections == REFLECTIONS else f"{CACHE_DB}_r{reflections}"


def ensure_cache(seed: int, regenerate: bool, reflections: int = REFLECTIONS) -> dict:
    """The cached database for this generator version, seed and size, generated when missing or stale."""
    db = cache_db(reflections)
    rows = admin_sql(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [db], fetch=True
    )
    comment = (rows[0][0] or "") if rows else ""
    found = re.match(r"(.*) generated (\d{4}-\d{2}-\d{2}) in ([\d.]+) s$", comment)
    fresh = (
        found
        and found.group(1) == cache_key(seed, reflections)
        and (date.today() - date.fromisoformat(found.group(2))).days <= MAX_AGE_DAYS
    )
    env = django_env(db, production=False)
    if fresh and not regenerate:
        say(f"data: cached in {db} ({comment})")
        pending = subprocess.run(
            [PY, "manage.py", "migrate", "--check"], cwd=ROOT, env=env, capture_output=True, check=False
        )
        if pending.returncode != 0:
            say("data: applying new migrations to the cached database")
            run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
            admin_sql_db(db, "ANALYZE")
        return {"generated": False, "comment": comment, "seconds": float(found.group(3))}
    say(f"data: generating {db} ({cache_key(seed, reflections)}) — a few minutes, once")
    started = time.perf_counter()
    admin_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{db}" TEMPLATE "{migrated_empty_db()}" STRATEGY FILE_COPY')
    migrated = time.perf_counter() - started
    run([PY, str(BENCH / "generate.py"), "--seed", str(seed), "--reflections", str(reflections)], env)
    seconds = time.perf_counter() - started
    comment = f"{cache_key(seed, reflections)} generated {date.today().isoformat()} in {seconds:.0f} s"
    admin_sql(f"COMMENT ON DATABASE \"{db}\" IS '{comment}'")
    say(f"data: generated in {seconds:.0f} s (migrations {migrated:.0f} s)")
    return {"generated": True, "comment": comment, "seconds": seconds}


_migrated_in_this_run: list[str] = []


def migrated_empty_db() -> str:
    """A database with every migration of this checkout applied and no data, made once per run
    (migrating takes 30–60 s on this machine): each size generated in the run is a copy of it."""
    if not _migrated_in_this_run:
        started = time.perf_counter()
        admin_sql(f'DROP DATABASE IF EXISTS "{EMPTY_DB}" WITH (FORCE)')
        admin_sql(f'CREATE DATABASE "{EMPTY_DB}"')
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], django_env(EMPTY_DB, production=False))
        _migrated_in_this_run.append(EMPTY_DB)
        say(
            f"data: migrated an empty database, the template of each generation, in {time.perf_counter() - started:.0f} s"
        )
    return EMPTY_DB


def admin_sql_db(db: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        conn.execute(sql)


def make_run_db(template: str = CACHE_DB) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')
    started = time.perf_counter()
    admin_sql(f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    say(f"data: copied to {RUN_DB} for this run in {time.perf_counter() - started:.1f} s")


def drop_run_db() -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')


# --- the load test ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base: str, ctx: dict, name: str, n: int) -> int:
    endpoint = BY_NAME[name]
    path, headers, body = endpoint.request(ctx, n)
    req = urllib.request.Request(
        base + path, data=body.encode() if body else None, headers=headers, method=endpoint.method
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class Gunicorn:
    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(RESULTS / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "pspteam.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--backlog",
                "256",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}); see {RESULTS / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def locust(base: str, name: str, args, context_path: Path) -> dict:
    prefix = RESULTS / f"locust-{name}"
    env = dict(os.environ)
    env.update(
        BENCH_CONTEXT=str(context_path),
        BENCH_ENDPOINT=name,
        BENCH_MAX_REQUESTS=str(args.max_requests),
        BENCH_OFFSET="1000",
    )
    cmd = [
        str(Path(PY).parent / "locust"),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--stop-timeout",
        "10",
        "--exit-code-on-error",
        "0",
    ]
    load_before = load()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"locust wrote no statistics for {name}")
    with open(stats_file) as f:
        row = next((r for r in csv.DictReader(f) if r["Name"] == name), None)
    if row is None:  # done within the CSV writer's first second (a ceiling): read the printed summary
        row = summary_row(result.stdout + result.stderr, name)
    if row is None:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"locust made no request of {name}")
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with open(failures_file) as f:
            failures = [f"{r['Occurrences']}× {r['Error'][:160]}" for r in csv.DictReader(f)]
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        "mean": round(float(row["Average Response Time"]), 1),
        "errors": failures,
        "load_before": load_before,
        "load_after": load(),
    }


def summary_row(text: str, name: str) -> dict | None:
    """The stats CSV's columns for ``name``, from the summary locust prints (requests, failures,
    average, req/s; the percentiles table: 50 %, 95 %, 99 %)."""
    stats = re.search(
        rf"^\w+\s+{re.escape(name)}\s+(\d+)\s+(\d+)\(.*?\|\s+(\d+)\s+\d+\s+\d+\s+\d+\s+\|\s+([\d.]+)", text, re.M
    )
    cuts = [m for m in re.finditer(rf"^\w+\s+{re.escape(name)}\s+((?:\d+\s+){{11}})\d+\s*$", text, re.M)]
    if not stats or not cuts:
        return None
    p = cuts[-1].group(1).split()  # 50 66 75 80 90 95 98 99 99.9 99.99 100
    return {
        "Request Count": stats.group(1),
        "Failure Count": stats.group(2),
        "Average Response Time": stats.group(3),
        "Requests/s": stats.group(4),
        "50%": p[0],
        "95%": p[5],
        "99%": p[7],
    }


def load_test(args, ctx: dict, context_path: Path, names: list[str]) -> dict:
    env = django_env(RUN_DB, production=True)
    say(f"load: gunicorn, {args.workers} sync workers, production settings (DEBUG off), on loopback")
    server = Gunicorn(env, args.workers)
    results = {}
    try:
        # Warm every worker: imports, URLconf, templates, database connections.
        for name in names:
            statuses = {request(server.base, ctx, name, n) for n in range(args.workers * 3)}
            if statuses - {200, 201}:
                say(f"  warning: {name} answered {sorted(statuses)} while warming up")
        for name in names:
            r = locust(server.base, name, args, context_path)
            results[name] = r
            say(
                f"  {name:<20} {r['requests']:>6} requests, {r['failures']} failed, {r['rps']:7.1f} req/s, "
                f"p50 {r['p50']:5.0f} ms  p95 {r['p95']:5.0f} ms  p99 {r['p99']:5.0f} ms  (load {r['load_before'][0]})"
            )
            for error in r["errors"][:3]:
                say(f"      {error}")
    finally:
        server.stop()
    return results


# --- the growth table ------------------------------------------------------------------------------------

GROWTH_NAMES = ["reflections_p1", "reflections_last", "team_dashboard"]
TARGET_GROWTH = 1.5  # issue 20: a page at the largest size within 1.5 × its cost at the smallest
TARGET_SHARE = 0.5  # issue 20: every read endpoint at least half the throughput of /api/v1/me/


def growth(args) -> list[dict]:
    """The same pages in-process (bench/floor.py) over organisations of each size of reflections:
    its own cached database per size, a throw-away copy, prepare.py, then the floor's timing."""
    rows = []
    for size in args.growth_sizes:
        ensure_cache(args.seed, args.regenerate, size)
        make_run_db(cache_db(size))
        try:
            prod = django_env(RUN_DB, production=True)
            context_path = RESULTS / f"context-{size}.json"
            run([PY, str(BENCH / "prepare.py"), str(context_path)], prod)
            ctx = json.loads(context_path.read_text())
            names = [n for n in GROWTH_NAMES if n != "team_dashboard" or ctx.get("dashboard")]
            out = RESULTS / f"growth-{size}.json"
            say(f"growth: {size:,} reflections (last page {ctx['reflections_last_page']})")
            run([PY, str(BENCH / "floor.py"), str(context_path), str(out), *names], prod)
            rows.append(
                {"reflections": size, "last_page": ctx["reflections_last_page"], "results": json.loads(out.read_text())}
            )
        finally:
            drop_run_db()
    return rows


# --- the reminder scan ---------------------------------------------------------------------------------

REMINDER_ROW = re.compile(r"^\s*([\d,]+)\s{2}(.+?)\s+([\d.]+) ms\s+(\d+)\s{2}(.*)$")


def reminders(sizes: list[int]) -> list[dict]:
    env = django_env(REMINDERS_DB, production=False)
    say(f"reminders: bench/reminders_bench.py --sizes {' '.join(map(str, sizes))}")
    out = run([PY, str(BENCH / "reminders_bench.py"), "--sizes", *map(str, sizes)], env, capture=True)
    rows = []
    for line in out.splitlines():
        say("  " + line)
        m = REMINDER_ROW.match(line)
        if m:
            rows.append(
                {
                    "agreements": int(m.group(1).replace(",", "")),
                    "scenario": m.group(2).strip(),
                    "ms": float(m.group(3)),
                    "queries": int(m.group(4)),
                    "result": m.group(5).strip(),
                }
            )
    return rows


# --- the table --------------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "NO")


def growth_table(rows: list[dict]) -> list[str]:
    """In-process ms (queries, audit rows) of each page at each size; largest ÷ smallest."""
    sizes = [r["reflections"] for r in rows]
    lines = [
        "| in-process ms (queries, audit rows) | "
        + " | ".join(f"{n:,} reflections" for n in sizes)
        + f" | {sizes[-1]:,} ÷ {sizes[0]:,} | within {TARGET_GROWTH}× |",
        "|---|" + "---:|" * len(sizes) + "---:|:-:|",
    ]
    for name in GROWTH_NAMES:
        cells = [r["results"].get(name) for r in rows]
        if not any(cells):
            continue
        label = BY_NAME[name].label + (
            " (page " + " / ".join(str(r["last_page"]) for r in rows) + ")" if name == "reflections_last" else ""
        )
        shown = [f"{c['endpoint_ms']:.1f} ({c['queries']}, {c.get('audit_rows', '?')})" if c else "" for c in cells]
        growth_ok, factor = None, ""
        if cells[0] and cells[-1] and len(cells) > 1:
            f = cells[-1]["endpoint_ms"] / cells[0]["endpoint_ms"]
            factor, growth_ok = f"{f:.1f}×", f <= TARGET_GROWTH
        lines.append(f"| {label} | " + " | ".join(shown) + f" | {factor} | {verdict(growth_ok)} |")
    return lines


def table(report: dict) -> str:
    lines = []
    m = report["machine"]
    lines.append(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB; load average at start "
        f"{' / '.join(map(str, m['load']))}; {report['started']}"
    )
    lines.append(
        f"Load: {report['users']} concurrent clients, no think time, {report['workers']} gunicorn sync workers, "
        f"each endpoint at most {report['duration']} s or {report['max_requests']} requests."
    )
    lines.append("")
    lines.append(
        "| endpoint | req/s | share of /me/ | p50 ms | p95 ms | p99 ms | errors | in-process ms | floor ms | ratio "
        "| queries | audit rows | ≥ 50 % of /me/ | p95 < 100 | ratio ≤ 3 |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|")
    me_rps = (report["load"].get("me") or {}).get("rps")
    for e in ENDPOINTS:
        ld = report["load"].get(e.name)
        fl = report["floor"].get(e.name)
        if not ld and not fl:
            continue
        p95_ok = None if e.kind != "read" or not ld else (ld["p95"] < TARGET_P95_MS and ld["failures"] == 0)
        ratio_ok = None if not (e.is_list and fl) else fl["ratio"] <= TARGET_RATIO
        share = ld["rps"] / me_rps if ld and me_rps and e.kind != "ceiling" else None
        share_ok = None if share is None or e.kind != "read" else (share >= TARGET_SHARE and ld["failures"] == 0)
        cells = [
            e.label,
            f"{ld['rps']:.0f}" if ld else "",
            f"{share:.0%}" if share is not None else ("100%" if e.name == "me" and ld else ""),
            f"{ld['p50']:.0f}" if ld else "",
            f"{ld['p95']:.0f}" if ld else "",
            f"{ld['p99']:.0f}" if ld else "",
            f"{ld['failures']}/{ld['requests']}" if ld else "",
            f"{fl['endpoint_ms']:.1f}" if fl else "",
            f"{fl['floor_ms']:.1f}" if fl else "",
            f"{fl['ratio']:.1f}" if fl else "",
            str(fl["queries"]) if fl else "",
            str(fl.get("audit_rows", "")) if fl else "",
            verdict(share_ok),
            verdict(p95_ok),
            verdict(ratio_ok),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    plain = report["floor"].get("plain_drf")
    if plain:
        lines.append(
            f"| (reference: plain DRF ListAPIView + ModelSerializer, page 1) | | | | | | | {plain['endpoint_ms']:.1f} "
            f"| {plain['floor_ms']:.1f} | {plain['ratio']:.1f} | {plain['queries']} | {plain.get('audit_rows', '')} "
            "| | | |"
        )
    if report.get("growth"):
        lines += ["", *growth_table(report["growth"])]
    if report["reminders"]:
        lines.append("")
        lines.append("| reminder scan | agreements | ms | queries | result | target |")
        lines.append("|---|---:|---:|---:|---|:-:|")
        for r in report["reminders"]:
            target = ""
            if r["agreements"] >= 100_000 and r["scenario"].startswith("none"):
                target = verdict(r["ms"] < 200) + " (< 200 ms)"
            elif r["agreements"] >= 1_000_000 and "first scan" in r["scenario"]:
                target = verdict(r["ms"] < 2000) + " (< 2 s)"
            lines.append(
                f"| {r['scenario']} | {r['agreements']:,} | {r['ms']:.1f} | {r['queries']} | {r['result']} | {target} |"
            )
        lines.append("")
        for label, key in (("nothing new to send", "none due"), ("1 % due, first scan", "first scan")):
            counts = {r["queries"] for r in report["reminders"] if key in r["scenario"]}
            sizes = sorted({r["agreements"] for r in report["reminders"] if key in r["scenario"]})
            lines.append(
                f"Scan query count at {' / '.join(f'{n:,}' for n in sizes)} agreements ({label}): {sorted(counts)} — "
                f"the same at every size: {verdict(len(counts) == 1)}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="pspteam benchmark (issue 10)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", nargs="+", choices=list(BY_NAME), help="only these endpoints")
    parser.add_argument("--skip", nargs="+", default=[], choices=["floor", "load", "growth", "reminders"])
    parser.add_argument("--users", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2), help="gunicorn workers (2 per CPU)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per endpoint (default 20)")
    parser.add_argument("--max-requests", type=int, default=4000, help="requests per endpoint at most")
    parser.add_argument("--reminder-sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--growth-sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], help="reflections per size"
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the data even if cached")
    parser.add_argument("--keep", action="store_true", help="keep the run database afterwards")
    parser.add_argument("--profile", choices=list(BY_NAME), help="only profile this endpoint (pyinstrument, SQL)")
    parser.add_argument("--explain", action="store_true", help="with --profile: EXPLAIN ANALYZE each query")
    args = parser.parse_args()

    started = time.perf_counter()
    RESULTS.mkdir(exist_ok=True)
    report = {
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "users": args.users,
        "workers": args.workers,
        "duration": args.duration,
        "max_requests": args.max_requests,
        "seed": args.seed,
        "generator_version": GENERATOR_VERSION,
        "load": {},
        "floor": {},
        "growth": [],
        "reminders": [],
    }
    say(f"machine: {report['machine']}")
    report["data"] = ensure_cache(args.seed, args.regenerate)
    make_run_db()
    try:
        context_path = RESULTS / "context.json"
        prod = django_env(RUN_DB, production=True)
        # Before prepare.py, which renders the supervisor's queue page (its non-empty check) with
        # the production settings' manifest storage; the profiler and the floor render pages too.
        shutil.rmtree(ROOT / "var" / "bench" / "staticfiles", ignore_errors=True)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], prod)
        run([PY, str(BENCH / "prepare.py"), str(context_path)], prod)
        ctx = json.loads(context_path.read_text())
        if args.profile:
            run([PY, str(BENCH / "profile.py"), args.profile, *(["--explain"] if args.explain else [])], prod)
            return
        names = [e.name for e in ENDPOINTS if not args.only or e.name in args.only]
        if not ctx.get("dashboard") and "team_dashboard" in names:
            say("note: no team dashboard endpoint in this checkout; skipped")
            names.remove("team_dashboard")
        if "floor" not in args.skip:
            say("floor: in-process, endpoint (test client) vs hand-written SQL + json.dumps, medians")
            floor_out = RESULTS / "floor.json"
            run([PY, str(BENCH / "floor.py"), str(context_path), str(floor_out), *names, "plain_drf"], prod)
            report["floor"] = json.loads(floor_out.read_text())
        if "load" not in args.skip:
            report["load"] = load_test(args, ctx, context_path, names)
    finally:
        if not args.keep:
            drop_run_db()
    if "growth" not in args.skip and not args.only:
        report["growth"] = growth(args)
    if _migrated_in_this_run:
        admin_sql(f'DROP DATABASE IF EXISTS "{EMPTY_DB}" WITH (FORCE)')
    if "reminders" not in args.skip:
        report["reminders"] = reminders(args.reminder_sizes)
    report["seconds"] = round(time.perf_counter() - started)
    text = table(report)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "latest.md").write_text(text + "\n")
    say("")
    say(text)
    say(f"\nbenchmark finished in {report['seconds']} s; results in {RESULTS}/latest.md and latest.json")


if __name__ == "__main__":
    main()
