#!/usr/bin/env bash
# Back up the Klusmarkt database (and the private uploads, if any) to files.
#
#   scripts/backup.sh [OUTPUT]        DATABASE_URL and MEDIA_ROOT come from the environment
#
# PostgreSQL: `pg_dump --format=custom` (restore with scripts/restore.sh, any table selectable).
# SQLite: an online copy through sqlite3's backup API (safe while the app runs).
# Uploads: MEDIA_ROOT (or, with S3_BUCKET set, the bucket) as OUTPUT.media.tar.gz next to the dump.
# Exit status is non-zero on any failure, so a scheduler notices. Keep copies off this machine
# (BIO2 8.13.03) and test a restore at least yearly (8.13.04).
set -euo pipefail

url="${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}"
python="${PYTHON:-python3}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${1:-backups/klusmarkt-$stamp.dump}"
mkdir -p "$(dirname "$out")"

case "$url" in
  postgres://* | postgresql://*)
    pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$out"
    ;;
  sqlite://*)
    source_path="${url#sqlite://}"
    source_path="${source_path#/}"
    [ -f "$source_path" ] || { echo "backup: no SQLite database at $source_path" >&2; exit 1; }
    "$python" - "$source_path" "$out" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.close()
source.close()
PY
    ;;
  *)
    echo "backup: unsupported DATABASE_URL scheme: ${url%%:*}" >&2
    exit 2
    ;;
esac

if [ -n "${S3_BUCKET:-}" ]; then
  # Uploads in the S3 bucket (S3_* as for the application): every object into the same archive.
  "$python" manage.py uploads_archive export "$out.media.tar.gz"
elif [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  tar -czf "$out.media.tar.gz" -C "$MEDIA_ROOT" .
fi
echo "backup: wrote $out"
