#!/usr/bin/env bash
# Installs everything the tests need, then runs every test (type check and
# architecture test included). The last line is `N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec node scripts/run-tests.mjs "$@"
