#!/usr/bin/env bash
# Installs what Gantry needs and starts the quickstart: web node + worker in one
# process on embedded PostgreSQL, with the example pipeline, printing the URL
# and the credentials. Extra arguments go to `gantry quickstart`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh runtime
exec bin/gantry quickstart "$@"
