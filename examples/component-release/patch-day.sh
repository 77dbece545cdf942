#!/bin/sh
# patch-day.sh: commits a "security patch" to the example's upstream repository (the
# stand-in for runc) and follows it through component-prerelease (unit -> build-candidate
# -> deploy-a/b -> outside-in-a/b -> promote), then ships it with component-release's
# manual `ship` job. Prints how long each stage ran, how long it waited for the stage
# before it, and the total from commit to shipped release (times from the builds' API).
#
# usage: patch-day.sh [-t TARGET] [-d DATA_DIR] [-c URL -u USER -p PASSWORD] [-w TIMEOUT_S]
#   -t  the gantry target of the quickstart (default: local)
#   -d  the quickstart's data dir (default: $GANTRY_DATA_DIR or ~/.gantry)
#   -c/-u/-p  log the target in first (otherwise it must be logged in already)
#   -w  give up on a stage after this many seconds (default: 300)
#   GANTRY names the CLI (default: gantry on PATH, else this checkout's bin/gantry)
set -eu

target=local
data_dir=${GANTRY_DATA_DIR:-$HOME/.gantry}
url= user= password=
stage_timeout=300
while getopts t:d:c:u:p:w: opt; do
  case $opt in
    t) target=$OPTARG ;; d) data_dir=$OPTARG ;; c) url=$OPTARG ;;
    u) user=$OPTARG ;; p) password=$OPTARG ;; w) stage_timeout=$OPTARG ;;
    *) sed -n '8,14p' "$0" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${GANTRY:-}" ]; then
  if command -v gantry >/dev/null 2>&1; then GANTRY=gantry; else GANTRY=$here/../../bin/gantry; fi
fi
g() { $GANTRY -t "$target" "$@"; }

upstream=$data_dir/example/repos/upstream
artifacts=$data_dir/example/repos/artifacts.git
[ -d "$upstream/.git" ] || { echo "no example upstream repo at $upstream (start gantry quickstart first, or pass -d)" >&2; exit 1; }
[ -z "$url" ] || g login -c "$url" -u "$user" -p "$password" >/dev/null

# "ID STATUS START END" of a job's newest build ("0 none 0 0" when it has none).
newest() {
  g builds -j "$1" -c 1 --json | node -e '
    const b = JSON.parse(require("fs").readFileSync(0, "utf8"))[0];
    console.log(b ? [b.id, b.status, b.start_time || 0, b.end_time || 0].join(" ") : "0 none 0 0");'
}

prerelease="unit build-candidate deploy-a deploy-b outside-in-a outside-in-b promote"
for job in $prerelease; do eval "before_$(echo "$job" | tr - _)=\$(newest component-prerelease/$job | cut -d' ' -f1)"; done
before_ship=$(newest component-release/ship | cut -d' ' -f1)

# Waits for a build of $1 newer than $2 to finish; sets id, status, start, end.
wait_for() {
  waited=0
  while :; do
    set -- "$1" "$2" $(newest "$1")
    id=$3 status=$4 start=$5 end=$6
    if [ "$id" -gt "$2" ]; then
      case $status in succeeded|failed|errored|aborted) return 0 ;; esac
    fi
    [ "$waited" -lt "$stage_timeout" ] || { echo "gave up waiting for $1 after ${stage_timeout}s (newest build: $id $status)" >&2; exit 1; }
    sleep 1; waited=$((waited + 1))
  done
}

t0=$(date +%s)
old=$(cat "$upstream/VERSION")
new=$(echo "$old" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')
printf '%s\n' "$new" > "$upstream/VERSION"
printf -- '- %s: security patch (CVE-%s-%04d)\n' "$new" "$(date -u +%Y)" "$(( $(date +%s) % 10000 ))" >> "$upstream/SECURITY.md"
git -C "$upstream" add VERSION SECURITY.md
git -C "$upstream" -c user.name="Patch Day" -c user.email=patch-day@gantry.local commit -q -m "security patch: upstream $new"

echo "committed upstream $new ($(git -C "$upstream" rev-parse --short HEAD)); checking the upstream resource"
g check-resource -r component-prerelease/upstream >/dev/null

# What each stage waits for: its "waited" time runs from that moment to its own start.
after_of() {
  case $1 in
    unit) echo "$t0" ;;
    build-candidate) echo "$end_unit" ;;
    deploy-a|deploy-b) echo "$end_build_candidate" ;;
    outside-in-a) echo "$end_deploy_a" ;;
    outside-in-b) echo "$end_deploy_b" ;;
    promote) [ "$end_outside_in_a" -gt "$end_outside_in_b" ] && echo "$end_outside_in_a" || echo "$end_outside_in_b" ;;
  esac
}
printf '%-16s %-7s %-10s %8s %8s\n' stage build status waited ran
report() { # stage id status start end ready-at
  printf '%-16s %-7s %-10s %7ss %7ss\n' "$1" "$2" "$3" "$(( $4 - $6 ))" "$(( $5 - $4 ))"
}
for job in $prerelease; do
  var=$(echo "$job" | tr - _)
  eval "after=\$before_$var"
  wait_for "component-prerelease/$job" "$after"
  report "$job" "$id" "$status" "$start" "$end" "$(after_of "$job")"
  [ "$status" = succeeded ] || { echo "$job $status: the patch stops here (gantry -t $target builds -j component-prerelease/$job)"; exit 1; }
  eval "end_$var=\$end"
done
promoted=$(git --git-dir "$artifacts" show version:release 2>/dev/null | tr -d '\n')
echo "promoted release $promoted; shipping it"

g check-resource -r component-release/release-version >/dev/null
g check-resource -r component-release/releases >/dev/null
triggered=$(date +%s)
g trigger-job -j component-release/ship >/dev/null
wait_for component-release/ship "$before_ship"
report ship "$id" "$status" "$start" "$end" "$triggered"
[ "$status" = succeeded ] || { echo "ship $status (gantry -t $target watch -j component-release/ship)"; exit 1; }
shipped=$(git --git-dir "$artifacts" show main:shipped/latest 2>/dev/null | tr -d '\n')
echo "shipped component $shipped with upstream $new: $(( end - t0 ))s from commit to shipped release"
