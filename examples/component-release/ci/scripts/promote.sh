#!/bin/sh
# Copies the tested candidate tarball to releases/component-RELEASE.tar.gz.
set -e
candidate=$(cat candidates/candidates/latest)
release=${candidate%%-*}
echo "$release" > promoted/version
cp -a artifacts/. releases-out/
mkdir -p releases-out/releases
work=$(mktemp -d)
tar -xzf "candidates/candidates/component-$candidate.tar.gz" -C "$work"
mv "$work/component-$candidate" "$work/component-$release"
echo "$release" > "$work/component-$release/VERSION"
echo "$candidate" > "$work/component-$release/CANDIDATE"
tar -czf "releases-out/releases/component-$release.tar.gz" -C "$work" "component-$release"
echo "$release" > releases-out/releases/latest
cd releases-out
git add -A releases
git -c user.name=gantry -c user.email=gantry@localhost commit -q -m "release $release (candidate $candidate)"
echo "promoted candidate $candidate to release $release"
