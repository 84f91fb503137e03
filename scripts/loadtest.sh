#!/usr/bin/env bash
# The load test (`make loadtest`; not part of CI): gunicorn with the production settings, PostgreSQL, Redis and a
# Celery worker, all on 127.0.0.1, on the large dataset (seed_demo --scale 2000 in its own database, made once),
# then Locust headless with 1 user and with 8 users for LOADTEST_SECONDS each. Results: CSV files and every
# response time under var/loadtest/, tables and a chart written into docs/performance.md and docs/loadtest.svg.
#
#   LOADTEST_SECONDS=60 LOADTEST_DB=orderdesk_load ./scripts/loadtest.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${LOADTEST_SECONDS:-60}
DB=${LOADTEST_DB:-orderdesk_load}
PORT=${LOADTEST_PORT:-8765}
WORKERS=${LOADTEST_GUNICORN_WORKERS:-4}
OUT=var/loadtest
PY=.venv/bin/python

# Production settings (loadtest/settings.py: orderdesk.settings.production, with http allowed on 127.0.0.1).
export DJANGO_SETTINGS_MODULE=loadtest.settings
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=http://127.0.0.1:$PORT
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export CELERY_BROKER_URL=redis://127.0.0.1:6379/14
export CACHE_URL=redis://127.0.0.1:6379/13   # shared by the gunicorn workers, as in the compose example
export EMAIL_URL=consolemail://   # mails are "sent" to the worker's log
export LOADTEST_DATA=$OUT

step() { printf '\n=== %s\n' "$1"; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

step "services"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    mkdir -p /var/lib/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis
fi
for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
    sleep 1
done

redis-cli -h 127.0.0.1 -n 13 flushdb >/dev/null   # the dashboard figures start cold, as after a deploy

step "database $DB"
mkdir -p "$OUT"
rm -f "$OUT"/u*-timings.json "$OUT"/u*-load.txt "$OUT"/u*_stats*.csv
if ! psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    createdb -h 127.0.0.1 -U postgres "$DB"
    $PY manage.py migrate --noinput
    $PY manage.py seed_demo --scale 2000   # a few minutes, once
elif [ "${LOADTEST_MIGRATE:-1}" = 1 ]; then
    $PY manage.py migrate --noinput
fi
psql -h 127.0.0.1 -U postgres -q "$DB" -c "VACUUM ANALYZE"
$PY scripts/compile_messages.py >/dev/null
$PY manage.py collectstatic --noinput -v 0
$PY -m loadtest.prepare "$OUT"

step "celery worker and gunicorn ($WORKERS workers) on 127.0.0.1:$PORT"
.venv/bin/celery -A orderdesk worker -Q orderdesk --concurrency 1 --loglevel WARNING >"$OUT/celery.log" 2>&1 &
pids+=($!)
.venv/bin/gunicorn orderdesk.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" &
pids+=($!)
for _ in $(seq 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
    sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/accounts/login/"

run_locust() {  # users, seconds, name of the run, first bank statement, [user class]
    LOADTEST_TIMINGS="$OUT/$3-timings.json" LOADTEST_FIRST_STATEMENT=$4 \
        .venv/bin/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
        --users "$1" --spawn-rate "$1" --run-time "${2}s" --stop-timeout 10 \
        --csv "$OUT/$3" --only-summary --exit-code-on-error 0 ${5:-} 2>"$OUT/locust-$3.log" | tail -3 || true
}

# One user: Locust gives a single user one role, so the roles take turns, each for its share of the time
# (the 5:2:1 weights of the locustfile), and the one-user figures cover the same pages in the same mix.
step "locust: 1 user for ${SECONDS_PER_RUN}s (assistant, accounting, manager in turn)"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/u1-load.txt"
run_locust 1 $((SECONDS_PER_RUN * 5 / 8)) u1-Assistant 0 Assistant
run_locust 1 $((SECONDS_PER_RUN * 2 / 8)) u1-Accounting 0 Accounting
run_locust 1 $((SECONDS_PER_RUN * 1 / 8)) u1-Manager 0 Manager
cut -d' ' -f1-3 /proc/loadavg >>"$OUT/u1-load.txt"

step "locust: 8 users for ${SECONDS_PER_RUN}s"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/u8-load.txt"
run_locust 8 "$SECONDS_PER_RUN" u8 200
cut -d' ' -f1-3 /proc/loadavg >>"$OUT/u8-load.txt"

step "report"
$PY -m loadtest.report "$OUT" docs/performance.md docs/loadtest.svg
