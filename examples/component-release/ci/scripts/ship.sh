#!/bin/sh
# Final artifacts of release VERSION: the tarball, a plain `component` bundle and SHA256SUMS.
set -e
version=$(cat release-version/version)
src=releases/releases/component-$version.tar.gz
[ -f "$src" ] || { echo "no promoted release $version in the artifacts repo (promote a candidate first)"; exit 1; }
cp -a shipped/. shipped-out/
out=shipped-out/shipped/$version
mkdir -p "$out"
cp "$src" "$out/"
work=$(mktemp -d)
tar -xzf "$src" -C "$work"
tar -cf "$out/component-$version.tar" -C "$work" "component-$version"
(cd "$work/component-$version" && ./bin/component version) > "$out/VERSION.txt"
(cd "$out" && sha256sum component-* > SHA256SUMS)
echo "$version" > shipped-out/shipped/latest
cd shipped-out
git add -A shipped
git -c user.name=gantry -c user.email=gantry@localhost commit -q -m "ship $version"
echo "shipped component $version:"
cat "shipped/$version/SHA256SUMS"
