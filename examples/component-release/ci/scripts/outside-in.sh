#!/bin/sh
# Outside-in tests: what a user of env $ENV sees at $ENV_URL.
set -e
want=$(cat candidates/candidates/latest)
failures=0
check() {
  if [ "$2" = "$3" ]; then echo "ok   - $ENV: $1"; else echo "FAIL - $ENV: $1: expected '$3', got '$2'"; failures=$((failures + 1)); fi
}
get() { wget -q -O - "$ENV_URL$1" 2>/dev/null || echo "(request failed)"; }
check "serves the candidate" "$(get /version)" "$want"
check "is healthy" "$(get /health)" "ok"
check "greets" "$(get /greet.txt)" "hello, world"
[ "$failures" -eq 0 ] || { echo "$failures outside-in check(s) failed in env $ENV"; exit 1; }
echo "env $ENV passed"
