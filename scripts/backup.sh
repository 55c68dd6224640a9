#!/bin/sh
# Back up the pspteam PostgreSQL database (README "Backup and restore").
#
#   DATABASE_URL=postgres://user:pass@host:5432/pspteam scripts/backup.sh [DIR]
#
# Writes DIR/pspteam-<UTC time>.dump (pg_dump's custom format: compressed, restorable table by
# table), checks that pg_restore can read it, then deletes dumps in DIR older than
# BACKUP_KEEP_DAYS (14). DIR defaults to $BACKUP_DIR, else ./backups. Prints the file's path.
# A dump holds everything, reflections and boundary notes included: keep it encrypted and as
# closely guarded as the database.
set -eu

url="${DATABASE_URL:?set DATABASE_URL to the database to back up}"
dir="${1:-${BACKUP_DIR:-./backups}}"
keep="${BACKUP_KEEP_DAYS:-14}"

# django-environ also accepts postgresql://, pgsql:// and psql://; libpq wants postgresql://.
url="postgresql://${url#*://}"

mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
partial="$dir/.pspteam-$stamp.dump.partial"
dump="$dir/pspteam-$stamp.dump"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$dump"
find "$dir" -maxdepth 1 -type f -name 'pspteam-*.dump' -mtime +"$keep" -delete
echo "$dump"
