#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL cluster on loopback for the tests; print its URL.
set -eu
DIR=${BAOMI_PG_DIR:-/tmp/baomi-pg}
PORT=${BAOMI_PG_PORT:-54329}
INITDB=$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)
BINDIR=$(dirname "$INITDB")
RUN_AS=()
[ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)
if [ "${1:-}" = stop ]; then
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" stop -m fast >/dev/null 2>&1 || true
  exit 0
fi
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  "${RUN_AS[@]}" "$INITDB" -D "$DIR/data" -A trust -U baomi >/dev/null
fi
if ! "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  rm -f "$DIR/data/postmaster.pid"  # left by a server killed with its session; nothing runs on it now
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
fi
"${RUN_AS[@]}" "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U baomi -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='baomi_test'" | grep -q 1 \
  || "${RUN_AS[@]}" "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U baomi baomi_test
echo "postgresql+psycopg://baomi@127.0.0.1:$PORT/baomi_test"
