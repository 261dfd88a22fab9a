#!/usr/bin/env bash
# Real logins: starts PostgreSQL, MariaDB and PgBouncer behind the local IAM
# check (e2e/servers.sh), runs tests/e2e/ against them, and always stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'bash e2e/servers.sh down' EXIT
export RDS_IAM_E2E_SERVERS=$(bash e2e/servers.sh up)
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
