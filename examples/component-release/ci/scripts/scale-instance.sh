#!/bin/sh
# Prints how long after the plan this container started, then stays alive HOLD_SECONDS so
# later containers start while earlier ones still run (the count grows).
now=$(cut -d' ' -f1 /proc/uptime)
t0=$(cat plan/t0)
ms=$(echo "$now $t0" | awk '{printf "%d", ($1 - $2) * 1000}')
echo "instance $INSTANCE started ${ms} ms after the fan-out began"
sleep "${HOLD_SECONDS:-2}"
