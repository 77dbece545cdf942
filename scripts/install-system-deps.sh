#!/usr/bin/env bash
# Installs the Debian packages Gantry needs, idempotently: nothing is fetched
# when everything is already there. Usage: install-system-deps.sh [runtime|test]
#   runtime: what quickstart needs (git, runc, busybox-static, a C compiler for
#            the worker's reaper and init)
#   test:    runtime + what the test suite needs (PostgreSQL server, chromium,
#            an OCI registry and image tools, fincore for a page-cache test, crun
#            for the worker tests that run on the alternative OCI runtime)
set -euo pipefail
profile="${1:-runtime}"

runtime_pkgs=(git runc busybox-static ca-certificates gcc libc6-dev)
test_pkgs=(postgresql chromium docker-registry umoci skopeo iproute2 util-linux-extra crun)

pkgs=("${runtime_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "gantry: these Debian packages are missing: ${missing[*]}" >&2
  echo "gantry: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "gantry: installing ${missing[*]}" >&2
# Package scripts must not start services (docker-registry would listen publicly;
# PostgreSQL's cluster is not ours): policy-rc.d refuses every start while we install.
policy=/usr/sbin/policy-rc.d
had_policy=0; [ -e "$policy" ] && had_policy=1
if [ $had_policy -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A registry the package may have started anyway is not one we use.
pkill -x docker-registry 2>/dev/null || true
