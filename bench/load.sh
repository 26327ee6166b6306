#!/usr/bin/env bash
# Bounded load run: gunicorn with 5 workers on 127.0.0.1 only, then wrk for 30 s at 16
# connections per page (floor, assignment search, an assignment page, /klussen/, the directory
# search and /professionals/; bench.run.LOAD_PAGES). Writes bench/results/load.md with each
# page's requests per second beside the floor's.
# Logged-in pages rotate 32 sessions of the benchmark professional (see bench/wrk_report.lua).
# Needs the scale data (python -m bench.run generates it) and wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
PORT=${BENCH_PORT:-8765}
DURATION=${BENCH_DURATION:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
WORKERS=${BENCH_WORKERS:-5}
OUT=bench/results/load.md

# Refuse a port someone already listens on: wrk would load-test that other server, not ours.
if "$PY" -c "import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT is already in use on 127.0.0.1: stop that server or set BENCH_PORT." >&2
  exit 2
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kl_bench_1m}
export DJANGO_SETTINGS_MODULE=marketplace.settings DEBUG=false SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1 DB_CONN_MAX_AGE=600
# The benchmark professional may also post assignments (MFA required for posters): log in without
# a second factor, as bench/run.py does. Set REDIS_URL to load-test the production session store.
export MFA_ENFORCE=false

"$PY" manage.py collectstatic --noinput -v0
TARGETS=$("$PY" -m bench.load_urls)

"$PY" -m gunicorn marketplace.wsgi:application --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --log-level warning --access-logfile /dev/null &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn did not start" >&2; exit 2; }
  sleep 0.2
done

mkdir -p bench/results
{
  echo "# Load run $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- gunicorn $WORKERS sync workers on 127.0.0.1:$PORT, wrk 2 threads, $CONNECTIONS connections, $DURATION per page"
  echo "- $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); database: ${DATABASE_URL##*/}"
  echo
  echo "| page | path | requests/s | share of the floor's requests/s | p50 ms | p95 ms | p99 ms | errors (non-2xx/3xx, timeouts > 10 s) | load average after |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$OUT"
while read -r name path cookie; do
  [ -n "$name" ] || continue
  header=()
  cookies=""
  if [ "$cookie" != "-" ]; then
    header=(-H "Cookie: ${cookie%%,*}")
    cookies=$cookie
  fi
  status=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "http://127.0.0.1:$PORT$path")
  if [ "$status" != "200" ]; then
    echo "| $name | \`$path\` | not available (HTTP $status) | | | | | | |" >> "$OUT"
    continue
  fi
  line=$(KL_COOKIES=$cookies wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk_report.lua \
    "http://127.0.0.1:$PORT$path" | grep '^RESULT')
  echo "$name: $line" >&2
  eval "${line#RESULT }"
  [ "$name" = "floor" ] && floor_rps=$rps
  share=$(awk -v r="$rps" -v f="${floor_rps:-0}" 'BEGIN { if (f > 0) printf "%.1f %%", 100 * r / f; else print "—" }')
  echo "| $name | \`$path\` | $rps | $share | $p50_ms | $p95_ms | $p99_ms | $errors ($non_2xx_3xx, $timeouts) | $(cut -d' ' -f1-3 /proc/loadavg) |" >> "$OUT"
done <<< "$TARGETS"
cat "$OUT"
