#!/bin/sh
# Packs component + upstream into component-VERSION.tar.gz and commits it to the artifacts repo.
set -e
version=$(cat version/version)
name=component-$version
stage=$(mktemp -d)/$name
mkdir -p "$stage/www"
cp -r component/bin component/deploy "$stage/"
mkdir -p "$stage/upstream" && cp -r upstream/lib upstream/VERSION "$stage/upstream/"
echo "$version" > "$stage/VERSION"
"$stage/bin/component" version > "$stage/www/version.txt"
"$stage/bin/component" greet world > "$stage/www/greet.txt"
printf '<h1>component %s</h1>\n<p>built from component %s on upstream %s</p>\n' \
  "$version" "$(cat component/.git/short_ref)" "$(cat upstream/VERSION)" > "$stage/www/index.html"

cp -a artifacts/. candidates-out/
mkdir -p candidates-out/candidates
tar -czf "candidates-out/candidates/$name.tar.gz" -C "$(dirname "$stage")" "$name"
echo "$version" > candidates-out/candidates/latest
cd candidates-out
git add -A candidates
git -c user.name=gantry -c user.email=gantry@localhost commit -q \
  -m "candidate $version (component $(cat ../component/.git/short_ref), upstream $(cat ../upstream/VERSION))"
echo "built candidates/$name.tar.gz ($(wc -c < "candidates/$name.tar.gz") bytes)"
