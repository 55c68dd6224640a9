#!/bin/sh
# Restore a dump made by scripts/backup.sh (README "Backup and restore").
#
#   DATABASE_URL=postgres://user:pass@host:5432/pspteam_restored scripts/restore.sh DUMP
#
# Into the database DATABASE_URL names, which must exist and be empty (createdb it first):
# a restore never mixes with data already there. All or nothing: one transaction, stopped at
# the first error. Then run `manage.py migrate` (a no-op for a dump of the same version) and
# point the app at it.
set -eu

dump="${1:?usage: DATABASE_URL=... scripts/restore.sh DUMP}"
url="${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
url="postgresql://${url#*://}"

if [ ! -r "$dump" ]; then
  echo "restore: cannot read $dump" >&2
  exit 2
fi
if ! pg_restore --list "$dump" >/dev/null 2>&1; then
  echo "restore: $dump is not a pg_dump custom-format file (made by scripts/backup.sh)" >&2
  exit 2
fi
tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore: the target database is not empty ($tables tables); restore into a new, empty database" >&2
  exit 3
fi

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$url" "$dump"
echo "restored $dump"
