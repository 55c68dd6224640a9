"""Profile one endpoint in-process with pyinstrument, and list its SQL with timings.

    .venv/bin/python bench/run.py --skip floor load reminders --keep   # a run database + context
    <production env of bench/run.py> .venv/bin/python bench/profile.py reflections_p200 [--runs 30] [--explain]

``bench/run.py --profile NAME`` does both steps. Writes ``bench/results/profile-NAME.html`` and
prints the text tree; ``--explain`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of each query.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from floor import endpoint_call  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--context", default=str(ROOT / "bench" / "results" / "context.json"))
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    ctx = json.loads(Path(args.context).read_text())
    call = endpoint_call(ctx, args.name)
    for _ in range(5):
        call()
    queries = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(record):
        call()
    print(f"{len(queries)} queries, {sum(q[0] for q in queries):.1f} ms in the database:")
    for ms, sql, params in queries:
        print(f"  {ms:7.2f} ms  {sql[:400]}")
        if args.explain and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                for (line,) in cursor.fetchall():
                    print("             " + line)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.runs):
        call()
    profiler.stop()
    out = ROOT / "bench" / "results" / f"profile-{args.name}.html"
    out.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    print(f"HTML profile: {out}")


if __name__ == "__main__":
    main()
