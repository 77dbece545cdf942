#!/bin/sh
# plan/instances.json = [1, ..., N]; plan/t0 = when the fan-out was planned (seconds since boot).
set -e
n=${INSTANCES:-20}
printf '[%s]\n' "$(seq -s ', ' 1 "$n")" > plan/instances.json
cut -d' ' -f1 /proc/uptime > plan/t0
echo "starting $n containers"
