#!/usr/bin/env bash
# Installs Debian's buildbot (master + worker, 3.7 on Debian 12), the peer CI that
# bench/build-throughput.ts runs beside Gantry. The packages would start and enable
# services: a temporary policy-rc.d forbids that during the install; the benchmark
# starts its own master and worker on loopback and stops them by pid.
set -euo pipefail
if command -v buildbot >/dev/null 2>&1 && command -v buildbot-worker >/dev/null 2>&1; then
  exit 0
fi
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ "$had_policy" = 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends buildbot buildbot-worker >/dev/null
buildbot --version
