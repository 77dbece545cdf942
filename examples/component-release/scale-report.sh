#!/bin/sh
# scale-report.sh: how fast the example's `scale` job started its containers as their count
# grew. Reads a scale build's log (each container prints "instance I started T ms after the
# fan-out began") and prints, batch by batch in start order, when the batch's last container
# started and how long the batch took, so a slowdown as the count grows shows as rising
# batch times. Run the job first: gantry -t local trigger-job -j component-prerelease/scale -w
#
# usage: scale-report.sh [-t TARGET] [-b BUILD] [-n BATCH] [-f LOG]
#   -t  the gantry target (default: local)
#   -b  the scale build's name (default: the newest)
#   -n  containers per row (default: 5)
#   -f  read the build log from a file ('-' for stdin) instead of `gantry watch`
#   GANTRY names the CLI (default: gantry on PATH, else this checkout's bin/gantry)
set -eu

target=local build= batch=5 file=
while getopts t:b:n:f: opt; do
  case $opt in
    t) target=$OPTARG ;; b) build=$OPTARG ;; n) batch=$OPTARG ;; f) file=$OPTARG ;;
    *) sed -n '8,13p' "$0" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${GANTRY:-}" ]; then
  if command -v gantry >/dev/null 2>&1; then GANTRY=gantry; else GANTRY=$here/../../bin/gantry; fi
fi

build_log() {
  if [ -n "$file" ]; then cat "$file"
  else $GANTRY -t "$target" watch -j component-prerelease/scale ${build:+-b "$build"} || true
  fi
}

build_log | sed -n 's/.*instance \([0-9][0-9]*\) started \([0-9][0-9]*\) ms after the fan-out began.*/\2/p' | sort -n |
  awk -v n="$batch" '
    { t[NR] = $1 }
    END {
      if (NR == 0) { print "no container starts in this log (is it a build of the scale job?)"; exit 1 }
      printf "%-12s %15s %13s %15s\n", "containers", "last started", "batch took", "per container"
      t[0] = 0; first_took = -1
      for (from = 1; from <= NR; from += n) {
        to = from + n - 1; if (to > NR) to = NR
        took = t[to] - t[from - 1]
        if (first_took < 0) first_took = took
        printf "%-12s %12d ms %10d ms %12.0f ms\n", from "-" to, t[to], took, took / (to - from + 1)
      }
      rate = t[NR] > 0 ? NR * 1000 / t[NR] : 0
      printf "%d containers started in %d ms (%.1f per second)", NR, t[NR], rate
      if (first_took > 0 && NR > n) printf "; the last batch took %.1fx as long as the first", took / first_took
      printf "\n"
    }'
