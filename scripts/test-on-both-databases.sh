#!/usr/bin/env bash
# Run the whole pytest suite on SQLite and on PostgreSQL at the same time, one
# run per database, each with its own database, Chromium and local server; then
# print each run's output in turn. `make test` calls this after lint.
#
#   scripts/test-on-both-databases.sh PYTHON POSTGRES_URL [PYTEST ARGS...]
#
# With no PostgreSQL server at POSTGRES_URL, only SQLite runs; with CI=true
# that is a failure instead.
set -uo pipefail

python=$1
postgres_url=$2
shift 2

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Background jobs of a script ignore Ctrl+C, so stop them here when it comes.
trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT TERM

if "$python" -m tests.postgres_check "$postgres_url"; then
  with_postgres=yes
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true: the PostgreSQL test run is required, so this is a failure."
  exit 1
else
  with_postgres=no
  echo "Skipped the PostgreSQL run (set TEST_POSTGRES_URL to point at a server)."
fi

if [ "$with_postgres" = yes ]; then
  echo "Running the tests on SQLite and on PostgreSQL at the same time..."
else
  echo "Running the tests on SQLite..."
fi
start=$SECONDS
env -u DATABASE_URL "$python" -m pytest "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
if [ "$with_postgres" = yes ]; then
  DATABASE_URL="$postgres_url" "$python" -m pytest "$@" >"$logs/postgres.log" 2>&1 &
  postgres_pid=$!
fi

wait "$sqlite_pid"
sqlite_status=$?
postgres_status=0
if [ "$with_postgres" = yes ]; then
  wait "$postgres_pid"
  postgres_status=$?
fi

echo "== Tests on SQLite =="
cat "$logs/sqlite.log"
if [ "$with_postgres" = yes ]; then
  echo "== Tests on PostgreSQL =="
  cat "$logs/postgres.log"
fi
echo "Both runs took $((SECONDS - start)) seconds."

if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  echo "Tests failed: SQLite exit status $sqlite_status, PostgreSQL exit status $postgres_status."
  exit 1
fi
