#!/usr/bin/env bash
# The embedded default: web server plus a Celery worker with beat, sharing a broker kept in
# files under var/ (no Redis, no PostgreSQL needed). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

"$VENV/bin/celery" -A pspteam worker --beat --pool=solo --loglevel=INFO \
  --schedule "${PSPTEAM_VAR_DIR:-var}/celerybeat-schedule" &
celery_pid=$!
trap 'kill "$celery_pid" 2>/dev/null || true; wait "$celery_pid" 2>/dev/null || true' EXIT INT TERM

echo
echo "pspteam is starting on http://$HOST:$PORT/  (Celery worker + beat running alongside, pid $celery_pid)"
echo "Sign in as demo-manager / peer-support-demo to see the team page. Ctrl-C stops everything."
echo
"$VENV/bin/python" manage.py runserver "$HOST:$PORT" --noreload
