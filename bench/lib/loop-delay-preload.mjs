// Preloaded into a benchmark's web node (`node --import ./bench/lib/loop-delay-preload.mjs`):
// samples the node's event-loop delay (perf_hooks) and appends one JSON line per second
// to $GANTRY_LOOP_DELAY_FILE: {"at": epoch ms, "max": ms, "p99": ms}. A blocked event loop
// (long synchronous work) shows here; a slow answer with a quiet loop is queueing elsewhere.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.GANTRY_LOOP_DELAY_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  setInterval(() => {
    appendFileSync(file, JSON.stringify({ at: Date.now(), max: h.max / 1e6, p99: h.percentile(99) / 1e6 }) + '\n');
    h.reset();
  }, 1000).unref();
}
