#!/bin/sh
# Production on this machine, the way it is deployed: production settings, PostgreSQL, Redis,
# gunicorn with WORKERS processes and an rqworker, over plain HTTP on 127.0.0.1:PORT
# (TANFANG_PLAIN_HTTP: no HTTPS proxy in front, so cookies go without the Secure flag).
#
#   scripts/serve-production.sh            (make serve-production)
#
# Its environment comes from var/production.env, written on the first run with fresh random keys
# (keep that file: the encrypted fields can't be read without it). Variables already set win:
# SERVE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tanfang_local; the database is
# created when missing), REDIS_URL, PORT (8001), WORKERS (2 x cores + 1), PYTHON (.venv/bin/python),
# SERVE_SETTINGS_MODULE (config.settings.production; the load test serves bench.load_settings).
# Stops both processes on Ctrl-C or TERM.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
ENV_FILE=var/production.env
mkdir -p var

if [ ! -f "$ENV_FILE" ]; then
    key() { "$PYTHON" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'; }
    umask 077
    cat > "$ENV_FILE" <<EOF
DJANGO_SECRET_KEY=$(key)
TANFANG_FIELD_ENCRYPTION_KEYS=$(key)
TANFANG_LOOKUP_HASH_KEY=$(key)
EOF
    echo "wrote $ENV_FILE (random keys: keep it)"
fi
set -a
. "./$ENV_FILE"
set +a

export DJANGO_SETTINGS_MODULE="${SERVE_SETTINGS_MODULE:-config.settings.production}"
export DATABASE_URL="${SERVE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tanfang_local}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export TANFANG_PLAIN_HTTP=true
export DJANGO_CONN_MAX_AGE="${DJANGO_CONN_MAX_AGE:-60}"
export DJANGO_LOG_LEVEL="${DJANGO_LOG_LEVEL:-WARNING}"
PORT=${PORT:-8001}
WORKERS=${WORKERS:-$(( $(nproc) * 2 + 1 ))}

"$PYTHON" - <<'EOF'
import os, urllib.parse, psycopg
url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}")
EOF
"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py collectstatic --noinput -v 0

"$PYTHON" manage.py rqworker default &
RQ_PID=$!
"$PYTHON" -m gunicorn --pythonpath site --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
    --access-logfile - --access-logformat '%(m)s %(U)s %(s)s %(M)sms' config.wsgi:application &
GUNICORN_PID=$!
trap 'kill -TERM $GUNICORN_PID $RQ_PID 2>/dev/null; wait' INT TERM
echo "serving http://127.0.0.1:$PORT/ with $WORKERS gunicorn workers and one rqworker (Ctrl-C stops)"
wait $GUNICORN_PID || true
kill -TERM $RQ_PID 2>/dev/null || true
