#!/bin/sh
# Unpacks the latest candidate and runs its program: what a user who downloads it would do.
set -e
version=$(cat candidates/candidates/latest 2>/dev/null) || { echo "no candidate yet"; exit 0; }
work=$(mktemp -d)
tar -xzf "candidates/candidates/component-$version.tar.gz" -C "$work"
cd "$work/component-$version"
./bin/component version
[ "$(./bin/component greet 'smoke<test>')" = "hello, smoketest" ] || { echo "greeting is not sanitized"; exit 1; }
echo "candidate $version passes the smoke checks"
