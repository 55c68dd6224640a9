"""gunicorn settings for production (Dockerfile, docker-compose.yml): ``gunicorn -c pspteam/gunicorn.conf.py
pspteam.wsgi``. Every value can be set in the environment.

With ``PROMETHEUS_MULTIPROC_DIR`` set, each worker writes its metrics to files there and
``/metrics`` adds up all of them (apps/core/metrics.py); a worker that exits is marked dead so
that its live gauges stop counting (its counters stay in the totals, as Prometheus expects).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The app logs one line per request itself (JSON, with the request id and the view, never the
# path); gunicorn's access log would repeat it with the full path and query string.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Behind the TLS proxy: X-Forwarded-* are believed only from these addresses ("*": every peer,
# right when only the proxy can reach the app, as in docker-compose.yml).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
