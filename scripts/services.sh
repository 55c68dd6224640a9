#!/usr/bin/env bash
# Make sure PostgreSQL, Redis and Chromium are installed and running, for the test suite.
# Installs with apt-get where missing; fails loudly (non-zero) if a service stays down.
set -euo pipefail

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# WeasyPrint (portfolio PDFs) needs Pango and HarfBuzz's subsetter, and fonts to set text in.
ldconfig -p | grep -q 'libpangoft2-1.0' || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
[ -d /usr/share/fonts/truetype/dejavu ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "services: installing ${need_apt[*]}"
  apt-get update -q
  # --no-upgrade: never upgrade a PostgreSQL that is already running.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --no-upgrade "${need_apt[@]}"
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "services: starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi

for _ in $(seq 1 30); do
  if pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "services: Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
# The test database is created by pytest-django as test_<name>: the role needs CREATEDB.
psql -h 127.0.0.1 -U postgres -tAc "select rolcreatedb from pg_roles where rolname='postgres'" | grep -q t \
  || { echo "services: role postgres cannot create databases" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "services: /usr/bin/chromium is missing" >&2; exit 1; }
echo "services: PostgreSQL, Redis and Chromium ready"
