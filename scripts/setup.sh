#!/usr/bin/env bash
# Makes this checkout runnable: system packages, node modules, the bundled CLI,
# the worker's C helpers and the web UI.
# Idempotent and quick when nothing changed. Usage: setup.sh [runtime|test]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh "${1:-runtime}"

if ! command -v node >/dev/null; then
  echo "gantry: Node.js 20 or newer is required (apt-get install nodejs npm)" >&2; exit 1
fi
# Reinstall node modules only when the lockfile changed since the last install.
stamp=node_modules/.gantry-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
node scripts/build.mjs
bash scripts/build-native.sh
node scripts/build-ui.mjs
