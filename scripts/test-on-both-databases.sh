#!/usr/bin/env bash
# Run the test suite as `make test` does, in two runs side by side:
#
#   1. SQLite:     the database tests, the tests that need no database
#                  (easy read, pure functions, the translation catalogue), and
#                  five ninths of the browser and axe tests;
#   2. PostgreSQL: the database tests again, and the other browser
#                  tests (BROWSER_SHARES_ON_SQLITE and _ON_POSTGRESQL say which).
#
# Database tests (those that use the database fixtures; see tests/run_groups.py)
# run on both databases; every other test runs once. Then print each run's
# output in turn.
#
#   scripts/test-on-both-databases.sh PYTHON POSTGRES_URL [PYTEST ARGS...]
#
# With no PostgreSQL server at POSTGRES_URL, everything runs on SQLite; with
# CI=true that is a failure instead. A run that collects no test fails too.
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

# pytest exits 5 when it ran no test: for `make test` that is a failure.
run() {
  local log=$1
  shift
  "$@" >"$log" 2>&1
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "No test ran." >>"$log"
  fi
  return "$status"
}

# Browser tests take as long on either database; each runs once, in one run
# or the other (`--browser-shares`, see tests/run_groups.py), so that the
# two runs end at about the same time. The SQLite run also has the tests that
# need no database, but PostgreSQL runs the database tests more slowly, so
# the SQLite run takes five ninths of the browser tests.
sqlite_shares=${BROWSER_SHARES_ON_SQLITE:-1,2,3,4,5/9}
postgres_shares=${BROWSER_SHARES_ON_POSTGRESQL:-6,7,8,9/9}

start=$SECONDS
if [ "$with_postgres" = yes ]; then
  echo "Running the tests on SQLite and on PostgreSQL at the same time..."
  run "$logs/sqlite.log" env -u DATABASE_URL "$python" -m pytest \
    --test-groups=database,plain,browser --browser-shares="$sqlite_shares" "$@" &
  sqlite_pid=$!
  run "$logs/postgres.log" env DATABASE_URL="$postgres_url" "$python" -m pytest \
    --test-groups=database,browser --browser-shares="$postgres_shares" "$@" &
  postgres_pid=$!
else
  echo "Running every test on SQLite..."
  run "$logs/sqlite.log" env -u DATABASE_URL "$python" -m pytest "$@" &
  sqlite_pid=$!
fi

wait "$sqlite_pid"
sqlite_status=$?
sqlite_seconds=$((SECONDS - start))
postgres_status=0
if [ "$with_postgres" = yes ]; then
  wait "$postgres_pid"
  postgres_status=$?
fi

echo "== Tests on SQLite (database tests, tests that need no database, browser tests $sqlite_shares) =="
cat "$logs/sqlite.log"
if [ "$with_postgres" = yes ]; then
  echo "== Tests on PostgreSQL (database tests, browser tests $postgres_shares) =="
  cat "$logs/postgres.log"
fi
echo "The SQLite run took $sqlite_seconds seconds; both runs took $((SECONDS - start)) seconds."

if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  echo "Tests failed: SQLite exit status $sqlite_status, PostgreSQL exit status $postgres_status."
  exit 1
fi
