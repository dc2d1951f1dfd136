#!/usr/bin/env bash
# Run the whole suite with the real parts started: a PostgreSQL server on loopback when one can be started.
set -u
BIN=${1:-.venv/bin}
cleanup() { :; }
if [ -z "${BAOMI_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if url=$(bash scripts/start_postgres.sh 2>/tmp/baomi-pg.log); then
    export BAOMI_TEST_POSTGRES_URL="$url"
    cleanup() { bash scripts/start_postgres.sh stop >/dev/null 2>&1 || true; }
  else
    echo "note: PostgreSQL could not be started; see /tmp/baomi-pg.log" >&2
  fi
fi
trap cleanup EXIT
"$BIN/python" -m pytest -q -p no:cacheprovider
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$rc"
