#!/usr/bin/env bash
# Runs the test suite with PostgreSQL: makes a throwaway database on the server at
# COMMSPLAN_TEST_POSTGRES_SERVER (default postgres://postgres@127.0.0.1:5432, as on CI), runs
# the files listed in test/postgres-ready.ts with every workspace in it, then every other file
# on SQLite, and drops the database whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
server="${COMMSPLAN_TEST_POSTGRES_SERVER:-postgres://postgres@127.0.0.1:5432}"
name="commsplan_test_$$_$(date +%s)"
psql "$server/postgres" -qAt -c "CREATE DATABASE $name" >/dev/null
trap 'psql "$server/postgres" -qAt -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
echo "== the files ready for PostgreSQL, on PostgreSQL ($server/$name)"
COMMSPLAN_TEST_POSTGRES="$server/$name" npx vitest run
echo "== every other file, on SQLite"
COMMSPLAN_TEST_NOT_READY_FOR_POSTGRES=1 npx vitest run
