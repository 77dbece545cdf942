#!/usr/bin/env bash
# Compiles the worker's C helpers (native/*.c) into native/bin/: the reaper that
# supervises every container, and the static init that runs as pid 1 inside each.
# Idempotent: rebuilds only when a source is newer than its binary.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p native/bin
build() { # build NAME EXTRA_FLAGS...
  local name=$1; shift
  if [ ! -x "native/bin/$name" ] || [ "native/$name.c" -nt "native/bin/$name" ]; then
    cc -O2 -Wall -Wextra -o "native/bin/$name.tmp" "native/$name.c" "$@"
    mv "native/bin/$name.tmp" "native/bin/$name"
  fi
}
build gantry-reaper
build gantry-init -static
