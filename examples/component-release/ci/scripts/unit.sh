#!/bin/sh
set -e
echo "component $(cat component/.git/short_ref), upstream $(cat upstream/VERSION) ($(cat upstream/.git/short_ref))"
UPSTREAM_DIR=$PWD/upstream sh component/test/unit.sh
