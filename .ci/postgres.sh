#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store tests, installing it from Debian's packages
# where missing. Prints the URL to use (HISAB_TEST_POSTGRES_URL). Trust authentication is safe here: the
# cluster is new, empty, listens on 127.0.0.1 only and lives in a temporary folder.
set -euo pipefail
PORT="${HISAB_PG_PORT:-54329}"
# a port something already listens on (another test server) is skipped
for _ in $(seq 1 20); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
  PORT=$((PORT + 1))
done
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=$(mktemp -d /tmp/hisab-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DATA"
  RUN=(su postgres -s /bin/bash -c)
else
  RUN=(bash -c)
fi
"${RUN[@]}" "$PGBIN/initdb -D $DATA -A trust -U postgres -E UTF8 >/dev/null"
"${RUN[@]}" "$PGBIN/pg_ctl -D $DATA -l $DATA/server.log -w -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DATA' start >/dev/null"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
