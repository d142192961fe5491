#!/usr/bin/env bash
# Runs the test suite on PostgreSQL: makes a throwaway database on the server at
# COMMSPLAN_TEST_POSTGRES_SERVER (default postgres://postgres@127.0.0.1:5432, as on CI), runs
# vitest with every workspace in it, then the files that cannot run there yet on SQLite
# (test/postgres-pending.ts), and drops the database whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
server="${COMMSPLAN_TEST_POSTGRES_SERVER:-postgres://postgres@127.0.0.1:5432}"
name="commsplan_test_$$_$(date +%s)"
psql "$server/postgres" -qAt -c "CREATE DATABASE $name" >/dev/null
trap 'psql "$server/postgres" -qAt -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
echo "== vitest on PostgreSQL ($server/$name)"
COMMSPLAN_TEST_POSTGRES="$server/$name" npx vitest run "$@"
pending=$(node --import tsx -e "import('./test/postgres-pending.ts').then((m) => console.log(Object.keys(m.POSTGRES_PENDING).join(' ')))")
if [ -n "$pending" ]; then
  echo "== the files not yet on PostgreSQL, on SQLite"
  # shellcheck disable=SC2086
  npx vitest run $pending
fi
