#!/usr/bin/env bash
# A throwaway OCI registry (Debian's docker-registry, i.e. distribution 2.8) for tests, on
# loopback only, with filesystem storage in DIR and deletes enabled.
#   registry.sh start DIR PORT [HTPASSWD]
#                                write DIR/config.yml, start the registry, wait until /v2/
#                                answers; prints HOST:PORT. With an htpasswd file (bcrypt),
#                                every request needs Basic auth.
#   registry.sh stop DIR         stop the registry started in DIR (by its pid)
set -euo pipefail
cmd="${1:?usage: registry.sh start DIR PORT | stop DIR}"
dir="${2:?usage: registry.sh start DIR PORT | stop DIR}"

case "$cmd" in
  start)
    port="${3:?usage: registry.sh start DIR PORT}"
    if ! command -v docker-registry >/dev/null 2>&1; then
      echo "registry.sh: docker-registry not found; install it: apt-get install -y docker-registry" >&2
      exit 1
    fi
    mkdir -p "$dir/storage"
    cat >"$dir/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
CONFIG
    if [ -n "${4:-}" ]; then
      printf 'auth:\n  htpasswd:\n    realm: gantry-test\n    path: %s\n' "$4" >>"$dir/config.yml"
    fi
    setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$dir/registry.pid"
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "127.0.0.1:$port"
        exit 0
      fi
      if ! kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
        cat "$dir/registry.log" >&2
        exit 1
      fi
      sleep 0.05
    done
    echo "registry.sh: the registry did not answer on 127.0.0.1:$port" >&2
    cat "$dir/registry.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$dir/registry.pid" ] || exit 0
    kill "$(cat "$dir/registry.pid")" 2>/dev/null || true
    rm -f "$dir/registry.pid"
    ;;
  *)
    echo "usage: registry.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
