#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a FRESH database.
#
#   scripts/restore.sh DUMP [TARGET_DATABASE_URL]    (default target: DATABASE_URL)
#
# PostgreSQL: creates the target database (it must not exist yet) and runs pg_restore into it.
# SQLite: copies into the target file (it must not exist yet).
# Uploads: DUMP.media.tar.gz, when present, is unpacked into MEDIA_ROOT or, with S3_BUCKET set,
# into that bucket (either must be empty).
# Afterwards: point DATABASE_URL at the restored database and run `manage.py migrate --check`.
# Refusing to overwrite is deliberate: a restore never destroys the data it should rescue.
set -euo pipefail

dump="${1:?usage: scripts/restore.sh DUMP [TARGET_DATABASE_URL]}"
url="${2:-${DATABASE_URL:-}}"
python="${PYTHON:-python3}"
[ -f "$dump" ] || { echo "restore: no such file: $dump" >&2; exit 1; }
[ -n "$url" ] || { echo "restore: give a target database URL (or set DATABASE_URL)" >&2; exit 1; }

case "$url" in
  postgres://* | postgresql://*)
    # Split the URL into the server (maintenance database "postgres") and the database name.
    read -r maintenance name < <("$python" - "$url" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
parts = urlsplit(sys.argv[1])
print(urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/"))
PY
)
    exists="$(psql "$maintenance" -XtAc "SELECT 1 FROM pg_database WHERE datname = '${name//\'/\'\'}'")"
    if [ "$exists" = "1" ]; then
      echo "restore: database $name already exists; drop it or choose a new name" >&2
      exit 3
    fi
    psql "$maintenance" -X -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"${name//\"/\"\"}\""
    pg_restore --no-owner --no-privileges --exit-on-error --dbname="$url" "$dump"
    ;;
  sqlite://*)
    target_path="${url#sqlite://}"
    target_path="${target_path#/}"
    if [ -e "$target_path" ]; then
      echo "restore: $target_path already exists; move it away or choose a new path" >&2
      exit 3
    fi
    "$python" - "$dump" "$target_path" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.close()
source.close()
PY
    ;;
  *)
    echo "restore: unsupported database URL scheme: ${url%%:*}" >&2
    exit 2
    ;;
esac

if [ -f "$dump.media.tar.gz" ] && [ -n "${S3_BUCKET:-}" ]; then
  # Into the (empty) bucket named by S3_*; exits 4 when it already holds files.
  "$python" manage.py uploads_archive import "$dump.media.tar.gz"
elif [ -f "$dump.media.tar.gz" ] && [ -n "${MEDIA_ROOT:-}" ]; then
  mkdir -p "$MEDIA_ROOT"
  if [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
    echo "restore: MEDIA_ROOT $MEDIA_ROOT is not empty; uploads not restored" >&2
    exit 4
  fi
  tar -xzf "$dump.media.tar.gz" -C "$MEDIA_ROOT"
fi
echo "restore: restored $dump into ${url%%\?*}" | sed -E 's#://[^@/]*@#://***@#'
