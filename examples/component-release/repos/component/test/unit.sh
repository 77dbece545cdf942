#!/bin/sh
# Unit tests of the component, run by the `unit` job (UPSTREAM_DIR names the upstream checkout).
set -e
cd "$(dirname "$0")/.."
failures=0
expect() {
  if [ "$2" = "$3" ]; then echo "ok   - $1"; else echo "FAIL - $1: expected '$3', got '$2'"; failures=$((failures + 1)); fi
}
expect "greets the world by default" "$(bin/component greet)" "hello, world"
expect "greets by name" "$(bin/component greet ada)" "hello, ada"
expect "sanitizes names" "$(bin/component greet 'ada;rm -rf /')" "hello, adarm -rf "
expect "names the upstream version" "$(bin/component version | sed 's/.*upstream \(.*\))/\1/')" "$(cat "$UPSTREAM_DIR/VERSION")"
if bin/component bogus 2>/dev/null; then expect "rejects unknown commands" ok failed; else expect "rejects unknown commands" ok ok; fi
[ "$failures" -eq 0 ] || { echo "$failures test(s) failed"; exit 1; }
echo "all tests passed"
